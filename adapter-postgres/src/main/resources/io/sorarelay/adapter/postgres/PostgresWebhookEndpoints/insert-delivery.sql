-- Nothing for an endpoint deleted since the dispatcher read it, nor for a message the endpoint already has.
INSERT INTO webhook_outbox (endpoint_id, user_id, message_id, event_type, video_id, body, due_since, next_attempt_at)
SELECT e.id, e.user_id, :messageId, :eventType, :videoId, :body, :dueAt, :dueAt
FROM webhook_endpoints e WHERE e.id = :endpointId
ON CONFLICT (endpoint_id, message_id) DO NOTHING
