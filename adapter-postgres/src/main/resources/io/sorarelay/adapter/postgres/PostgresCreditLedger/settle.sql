-- A task's CAPTURE or RELEASE (:kind) and its effect on the balance, in the transaction that writes the task's
-- terminal state. The unique index credit_ledger_one_settlement fails a second settlement of the task (and with it
-- the whole transaction): the version check on the task row already makes that impossible; this is the second guard.
-- A RELEASE also gives the task's share back to its API key's budget, if it was created within one.
WITH entry AS (
    INSERT INTO credit_ledger (user_id, task_id, kind, amount) VALUES (:user, :task, :kind, :amount)
    RETURNING user_id
), key_share AS (
    UPDATE credit_key_spend k SET used = k.used - :amount
    FROM credit_ledger h
    WHERE :kind = 'RELEASE' AND h.task_id = :task AND h.kind = 'HOLD' AND h.api_key_id = k.api_key_id
)
UPDATE credit_balances b SET
    held = b.held - :amount,
    available = b.available + CASE WHEN :kind = 'RELEASE' THEN CAST(:amount AS bigint) ELSE 0 END,
    spent = b.spent + CASE WHEN :kind = 'CAPTURE' THEN CAST(:amount AS bigint) ELSE 0 END
FROM entry
WHERE b.user_id = entry.user_id
