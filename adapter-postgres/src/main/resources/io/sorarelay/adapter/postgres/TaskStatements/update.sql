-- Writes the next version of a task over the expected one, and appends its event, in one statement. With a worker,
-- the write also requires that it still holds the lease, ends the lease and resets the failure count (the pass
-- succeeded). :keepSchedule leaves next_poll_at as stored; otherwise it becomes :nextPollAt (NULL = no more work).
-- When the task write matches nothing (stale version, lost lease) no event id is taken and no event is written: the
-- owner's sequence stays gapless. Answers the event id, or no row on a conflict.
WITH changed AS (
    UPDATE video_tasks SET
        external_task_id = :externalTaskId,
        channel = :channel,
        status = :status,
        progress = :progress,
        error_code = :errorCode,
        error_message = :errorMessage,
        updated_at = :updatedAt,
        completed_at = :completedAt,
        failed_at = :failedAt,
        cancelled_at = :cancelledAt,
        submitted_at = :submittedAt,
        progress_at = :progressAt,
        deadline_at = :deadlineAt,
        version = :version,
        next_poll_at = CASE WHEN :keepSchedule THEN next_poll_at ELSE :nextPollAt END,
        lease_owner = CASE WHEN CAST(:worker AS text) IS NULL THEN lease_owner END,
        lease_until = CASE WHEN CAST(:worker AS text) IS NULL THEN lease_until END,
        failures = CASE WHEN CAST(:worker AS text) IS NULL THEN failures ELSE 0 END
    WHERE video_id = :videoId
      AND version = :expectedVersion
      AND (CAST(:worker AS text) IS NULL OR lease_owner = :worker)
    RETURNING owner
), next_id AS (
    INSERT INTO user_event_seq AS s (user_id, last_event_id)
    SELECT owner, 1 FROM changed
    ON CONFLICT (user_id) DO UPDATE SET last_event_id = s.last_event_id + 1
    RETURNING user_id, last_event_id
)
INSERT INTO task_events (owner, id, payload, created_at)
SELECT user_id, last_event_id, CAST(:payload AS json), :occurredAt FROM next_id
RETURNING id
