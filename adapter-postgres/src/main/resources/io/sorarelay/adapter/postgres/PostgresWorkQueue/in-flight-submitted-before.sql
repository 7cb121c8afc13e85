-- Walks the partial index video_tasks_in_flight_on_channel (channel, submitted_at) from its oldest end.
SELECT video_id, owner, client_request_id, external_task_id, provider, type, remixed_from, remixed_from_external,
       retry_of, prompt, model, seconds, size, reference_sha256, reference_media_type, reference_size, negative_prompt, progress_estimated, fingerprint,
       status, progress, error_code, error_message, created_at, updated_at, completed_at, failed_at, cancelled_at,
       submitted_at, progress_at, deadline_at, version, channel, cost
FROM video_tasks
WHERE channel = :channel AND external_task_id IS NOT NULL AND status IN ('QUEUED', 'PROCESSING')
  AND submitted_at < :before
ORDER BY submitted_at, video_id
LIMIT :limit
