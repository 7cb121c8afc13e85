-- Uses the partial index video_tasks_owner_in_flight: touches the unfinished tasks only.
SELECT count(*) FROM video_tasks WHERE owner = :owner AND status IN ('QUEUED', 'PROCESSING')
