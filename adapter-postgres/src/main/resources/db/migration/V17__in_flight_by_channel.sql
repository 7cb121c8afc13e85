-- The upstream sweep lists one channel's jobs and matches them to the tasks that channel holds (the channel column,
-- set with the upstream id), not to the provider a task asked for: with several channels a task asking for the
-- default provider runs on whichever channel accepted it. The sweep's in-flight count and its stragglers walk this
-- partial index, its lookup of a listed page takes the second; the provider-keyed in-flight index served only the sweep.
DROP INDEX IF EXISTS video_tasks_in_flight;
CREATE INDEX video_tasks_in_flight_on_channel ON video_tasks (channel, submitted_at)
    WHERE external_task_id IS NOT NULL AND status IN ('QUEUED', 'PROCESSING');
CREATE INDEX video_tasks_job_on_channel ON video_tasks (channel, external_task_id) WHERE external_task_id IS NOT NULL;
