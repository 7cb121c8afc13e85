-- An operator's correction against the user (:amount > 0 is taken away): only from what is available, never from what
-- running tasks hold. No row when fewer credits are available: then no entry is written either.
WITH debited AS (
    UPDATE credit_balances SET available = available - :amount
    WHERE user_id = :user AND available >= :amount
    RETURNING user_id, available, held, spent
), entry AS (
    INSERT INTO credit_ledger (user_id, kind, amount, reason, actor)
    SELECT user_id, 'ADJUSTMENT', -CAST(:amount AS bigint), :reason, :actor FROM debited
)
SELECT available, held, spent FROM debited
