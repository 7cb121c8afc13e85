-- renew.sql that also records where the task's submit is about to go, under the same fence (the worker's lease on the
-- version it read): a later claim reads it back, so a submit whose outcome is unknown is retried on that channel only.
UPDATE video_tasks SET lease_until = GREATEST(lease_until, :until), submit_channel = :channel
WHERE video_id = :videoId AND lease_owner = :worker AND version = :version
