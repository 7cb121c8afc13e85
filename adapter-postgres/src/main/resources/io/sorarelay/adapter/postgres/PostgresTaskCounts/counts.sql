-- Every count the operators' gauges show, in one pass over the tasks: by status, those with an upstream job still
-- running, and those a claim at :now could take (the same condition as claim-due.sql). A sequential scan: the caller
-- reads it at most once per refresh interval, however often metrics are scraped.
SELECT status,
       count(*) AS n,
       count(*) FILTER (WHERE external_task_id IS NOT NULL AND status IN ('QUEUED', 'PROCESSING')) AS submitted,
       count(*) FILTER (WHERE next_poll_at <= :now AND (lease_until IS NULL OR lease_until < :now)) AS due
FROM video_tasks
GROUP BY status
