-- Ends a worker's lease without writing the task: :keepSchedule leaves next_poll_at as stored, otherwise it becomes
-- :nextPollAt (NULL = no more work); a failed pass counts one more failure, a good one resets the count.
UPDATE video_tasks SET
    lease_owner = NULL,
    lease_until = NULL,
    next_poll_at = CASE WHEN :keepSchedule THEN next_poll_at ELSE :nextPollAt END,
    failures = CASE WHEN :failed THEN failures + 1 ELSE 0 END
WHERE video_id = :videoId AND lease_owner = :worker
