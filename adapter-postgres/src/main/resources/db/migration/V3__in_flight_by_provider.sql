-- The upstream sweep (docs/architecture.md, "The upstream sweep") asks every few seconds how many tasks
-- are in flight on a provider and since when: a partial index over just those rows keeps that cheap
-- however many finished tasks the table holds.
CREATE INDEX video_tasks_in_flight ON video_tasks (provider, submitted_at)
    WHERE external_task_id IS NOT NULL AND status IN ('QUEUED', 'PROCESSING');
