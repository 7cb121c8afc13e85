SELECT video_id, owner, client_request_id, external_task_id, provider, type, remixed_from, remixed_from_external,
       retry_of, prompt, model, seconds, size, reference_sha256, reference_media_type, reference_size, negative_prompt, progress_estimated, fingerprint,
       status, progress, error_code, error_message, created_at, updated_at, completed_at, failed_at, cancelled_at,
       submitted_at, progress_at, deadline_at, version, channel, cost
FROM video_tasks
WHERE owner = :owner AND video_id = ANY(:ids)
