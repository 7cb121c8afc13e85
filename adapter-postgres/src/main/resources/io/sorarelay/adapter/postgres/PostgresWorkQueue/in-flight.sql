-- What "in flight" means for the upstream sweep; the partial index video_tasks_in_flight_on_channel (V17) covers it.
SELECT count(*) AS n, min(submitted_at) AS oldest
FROM video_tasks
WHERE channel = :channel AND external_task_id IS NOT NULL AND status IN ('QUEUED', 'PROCESSING')
