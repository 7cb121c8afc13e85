-- Defers the individual polls of a page of tasks in one statement. Only rows whose next poll comes before :ifBefore
-- are written (no row write on every sweep), never past the deadline, never earlier than scheduled; leased rows are
-- skipped (their worker sets the schedule when it releases them). No version bump: like a release, it changes when
-- the engine looks, not the task. The lookup by upstream id is kept apart as in find-in-flight.sql.
--
-- The rows are locked with SKIP LOCKED, so the sweep never waits for a writer: a row being written right now is
-- skipped (its writer sets its schedule). Locking them in join order instead deadlocked with a batch write
-- (update-all.sql), which locks in id order.
WITH listed AS MATERIALIZED (
    SELECT * FROM video_tasks WHERE channel = :channel AND external_task_id = ANY(:ids)
), to_defer AS MATERIALIZED (
    SELECT t.video_id FROM video_tasks t
    WHERE t.video_id IN (SELECT video_id FROM listed)
      AND t.status IN ('QUEUED', 'PROCESSING')
      AND t.lease_owner IS NULL
      AND t.next_poll_at IS NOT NULL
      AND t.next_poll_at < LEAST(:ifBefore, :until, t.deadline_at)
    FOR UPDATE OF t SKIP LOCKED
)
UPDATE video_tasks t SET next_poll_at = LEAST(:until, t.deadline_at)
FROM to_defer d
WHERE t.video_id = d.video_id
