-- find-by-external-id.sql for several lookups at once (concurrent webhooks, combined): for each (provider, upstream
-- id) pair of the two arrays, its oldest task. Each pair is looked up through the index on (provider, external_task_id).
SELECT DISTINCT ON (t.provider, t.external_task_id)
       t.video_id, t.owner, t.client_request_id, t.external_task_id, t.provider, t.type, t.remixed_from,
       t.remixed_from_external, t.retry_of, t.prompt, t.model, t.seconds, t.size, t.reference_sha256,
       t.reference_media_type, t.reference_size, t.negative_prompt, t.progress_estimated, t.fingerprint, t.status, t.progress, t.error_code, t.error_message,
       t.created_at, t.updated_at, t.completed_at, t.failed_at, t.cancelled_at, t.submitted_at, t.progress_at,
       t.deadline_at, t.version, t.channel, t.cost
FROM unnest(CAST(:providers AS text[]), CAST(:externalTaskIds AS text[])) AS u(provider, external_task_id)
JOIN video_tasks t ON t.provider = u.provider AND t.external_task_id = u.external_task_id
WHERE t.external_task_id IS NOT NULL
ORDER BY t.provider, t.external_task_id, t.created_at, t.video_id
