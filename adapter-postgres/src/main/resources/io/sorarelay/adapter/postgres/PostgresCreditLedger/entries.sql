-- A user's ledger, oldest first (ids are taken in commit-independent order, but one user's entries are written under
-- that user's balance row lock, so their ids follow the order they were applied in).
SELECT user_id, task_id, kind, amount, reason FROM credit_ledger WHERE user_id = :user ORDER BY id
