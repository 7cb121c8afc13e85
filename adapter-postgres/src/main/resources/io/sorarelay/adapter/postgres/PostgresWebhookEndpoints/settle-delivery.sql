-- Locks the row, so a concurrent delete of its endpoint waits, or has already taken it (then nothing is recorded).
UPDATE webhook_outbox
SET state = :state, attempts = attempts + 1, next_attempt_at = coalesce(:nextRetryAt, next_attempt_at)
WHERE id = :id
RETURNING endpoint_id
