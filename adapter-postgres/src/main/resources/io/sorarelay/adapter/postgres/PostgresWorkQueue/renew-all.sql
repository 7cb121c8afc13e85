-- renew.sql for many leases in one statement: concurrent fences and heartbeats of distinct tasks, combined (each
-- element its own task, version, worker and lease end). The rows are locked in video id order first, like a batch
-- write (update-all.sql), so the two cannot deadlock. Answers the video ids whose lease was extended; an element that
-- matched nothing (another worker's claim, a changed task) is simply absent.
WITH input AS (
    SELECT * FROM unnest(CAST(:ids AS text[]), CAST(CAST(:versions AS text[]) AS bigint[]), CAST(:workers AS text[]),
                  CAST(CAST(:untils AS text[]) AS timestamptz[]))
        AS u(video_id, version, worker, until)
), locked AS (
    SELECT t.video_id FROM video_tasks t JOIN input u ON u.video_id = t.video_id
    ORDER BY t.video_id
    FOR UPDATE OF t
)
UPDATE video_tasks t SET lease_until = GREATEST(t.lease_until, u.until)
FROM input u JOIN locked l ON l.video_id = u.video_id
WHERE t.video_id = u.video_id AND t.lease_owner = u.worker AND t.version = u.version
RETURNING t.video_id
