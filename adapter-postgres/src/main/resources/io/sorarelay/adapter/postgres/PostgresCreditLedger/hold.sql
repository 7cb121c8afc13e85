-- A new task's HOLD: the user's available credits go down and held up by :amount, with the ledger line, or nothing at
-- all when fewer are available (no row answered). Runs in the transaction that then inserts the task; the balance row
-- lock it takes is held to the commit, so a user's concurrent creates are checked one after the other. :key is the API
-- key the task was created with when that key has a credit limit (key-spend.sql), else NULL.
WITH held AS (
    UPDATE credit_balances SET available = available - :amount, held = held + :amount
    WHERE user_id = :user AND available >= :amount
    RETURNING user_id
)
INSERT INTO credit_ledger (user_id, task_id, kind, amount, api_key_id)
SELECT user_id, :task, 'HOLD', :amount, :key FROM held
RETURNING id
