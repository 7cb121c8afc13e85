SELECT available, held, spent FROM credit_balances WHERE user_id = :user
