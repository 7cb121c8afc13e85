INSERT INTO webhook_attempts (delivery_id, endpoint_id, message_id, event_type, video_id, at, status_code, error, duration_ms, next_retry_at)
VALUES (:deliveryId, :endpointId, :messageId, :eventType, :videoId, :at, :statusCode, :error, :durationMs, :nextRetryAt)
