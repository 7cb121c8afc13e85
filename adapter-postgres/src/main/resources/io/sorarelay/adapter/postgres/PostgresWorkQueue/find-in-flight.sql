-- A page's tasks by upstream id, through the index on (channel, external_task_id) whatever the statistics say: with
-- the in-flight filter in the same WHERE the planner may take the partial in-flight index instead (its estimate lags
-- during a burst, when every row changes status) and filter all of it for a hundred ids (measured: bench/README.md).
-- A MATERIALIZED CTE keeps the lookup by id apart.
WITH listed AS MATERIALIZED (
    SELECT * FROM video_tasks WHERE channel = :channel AND external_task_id = ANY(:ids)
)
SELECT video_id, owner, client_request_id, external_task_id, provider, type, remixed_from, remixed_from_external,
       retry_of, prompt, model, seconds, size, reference_sha256, reference_media_type, reference_size, negative_prompt, progress_estimated, fingerprint,
       status, progress, error_code, error_message, created_at, updated_at, completed_at, failed_at, cancelled_at,
       submitted_at, progress_at, deadline_at, version, channel, cost
FROM listed
WHERE status IN ('QUEUED', 'PROCESSING')
