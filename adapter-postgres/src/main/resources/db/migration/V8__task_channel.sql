-- The channel (one account at one provider) that holds a task's upstream job: the job's id means something there
-- only, so polls, cancel, content and remix go to it even after the channel is disabled or its priority changes.
-- Set exactly when external_task_id is. Before channels a task's job was on the upstream its provider column named,
-- which is that upstream's channel id.
ALTER TABLE video_tasks ADD COLUMN channel text;
UPDATE video_tasks SET channel = provider WHERE external_task_id IS NOT NULL;

-- Where a task's last submit went while it has no job yet (ClaimDueTasksPort.pinSubmit): a submit whose outcome is
-- unknown is retried on that channel only. Work-queue state like lease_owner, not part of the task.
ALTER TABLE video_tasks ADD COLUMN submit_channel text;
