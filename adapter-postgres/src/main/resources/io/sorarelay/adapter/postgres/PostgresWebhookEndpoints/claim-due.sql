-- SKIP LOCKED: nodes claiming at once take different deliveries. The claim moves the next attempt to the lease's end,
-- so a node that dies holding a delivery only delays it.
UPDATE webhook_outbox d SET next_attempt_at = :leaseUntil
FROM (SELECT id FROM webhook_outbox
      WHERE state = 'PENDING' AND next_attempt_at <= :now
      ORDER BY next_attempt_at, id
      LIMIT :limit
      FOR UPDATE SKIP LOCKED) due
WHERE d.id = due.id
RETURNING d.id, d.endpoint_id, d.user_id, d.message_id, d.event_type, d.video_id, d.body, d.due_since, d.attempts, d.state
