SELECT a.delivery_id, a.message_id, a.event_type, a.video_id, a.at, a.status_code, a.error, a.duration_ms, a.next_retry_at
FROM webhook_attempts a JOIN webhook_endpoints e ON e.id = a.endpoint_id
WHERE a.endpoint_id = :endpointId AND e.user_id = :userId
ORDER BY a.at DESC, a.id DESC
LIMIT :limit
