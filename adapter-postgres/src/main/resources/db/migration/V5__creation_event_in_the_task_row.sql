-- Sora Relay schema, version 5: a task's creation event is kept in its task row.
--
-- Before, a create wrote three rows in its transaction: the task, the owner's sequence row and a
-- task_events row whose payload was the new task's view. That view is fully determined by the task
-- row's columns that never change (a new task is QUEUED at 0 %, version 0, updated when created, with
-- no upstream id and no error: the adapter refuses to create any other). So the create now numbers its
-- event on the owner's sequence row exactly as before (same lock, same gapless ids, same commit order)
-- and stores that id in the task row; it writes no task_events row. Every later change of a task still
-- appends its event to task_events in the same statement as the change. Why: the third row was the
-- largest cost of a create at 32 threads (bench/README.md, sessions 23 and 24).
--
-- Existing tasks keep their creation events in task_events (created_event_id stays NULL for them).
ALTER TABLE video_tasks ADD COLUMN created_event_id bigint CHECK (created_event_id > 0);

-- Replays of an owner's log read its creations by event id; unique like task_events' key. created_at is
-- included for retention, which walks an owner's creations above its mark until the first recent one.
CREATE UNIQUE INDEX video_tasks_owner_created_event ON video_tasks (owner, created_event_id) INCLUDE (created_at)
    WHERE created_event_id IS NOT NULL;

-- The event log as readers see it: the appended events and the creations kept in task rows, with the
-- same columns as task_events. A creation at or below the owner's pruned_through mark has been pruned
-- (retention raises the mark; task rows stay), exactly as the task_events rows the mark covers are
-- deleted. The payload is the new task's view (TaskView as JSON, instants in UTC with microseconds).
CREATE VIEW task_event_log AS
SELECT owner, id, payload, created_at FROM task_events
UNION ALL
SELECT t.owner, t.created_event_id AS id,
       json_build_object(
           'videoId', t.video_id,
           'clientRequestId', t.client_request_id,
           'externalTaskId', NULL,
           'type', t.type,
           'status', 'QUEUED',
           'progress', 0,
           'model', t.model,
           'prompt', t.prompt,
           'seconds', t.seconds,
           'size', t.size,
           'remixedFrom', t.remixed_from,
           'remixedFromExternal', t.remixed_from_external,
           'retryOf', t.retry_of,
           'error', NULL,
           'createdAt', to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'updatedAt', to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'completedAt', NULL,
           'version', 0) AS payload,
       t.created_at
FROM video_tasks t JOIN user_event_seq s ON s.user_id = t.owner
WHERE t.created_event_id > s.pruned_through;
