-- Sora Relay schema, version 2.
--
-- Pruning finds old events by created_at. Events are appended in (nearly) time order, so a BRIN
-- index answers "everything before the cutoff" as well as the B-tree did, at a fraction of the cost
-- on the hot path: a B-tree entry per event was one more index write in every task change.
DROP INDEX task_events_created_at;
CREATE INDEX task_events_created_at_brin ON task_events USING brin (created_at);

-- The in-flight cap asks on every create how many of the owner's tasks are unfinished; without this
-- index that was a pass over the owner's whole history.
CREATE INDEX video_tasks_owner_in_flight ON video_tasks (owner) WHERE status IN ('QUEUED', 'PROCESSING');
