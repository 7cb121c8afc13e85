-- Locks the balance rows a batch of task writes will settle on, in user order, before any task row: every writer
-- that touches a balance takes it first (balance, then task, then the owner's event sequence), so none deadlock.
SELECT user_id FROM credit_balances WHERE user_id = ANY(:users) ORDER BY user_id FOR UPDATE
