-- Every user's tasks, newest first; each filter is off when its parameter is NULL. The channel is the one holding the
-- task's job, or its provider's before the submit. Run with a plan made for its parameters, so the switched-off conditions fold away.
SELECT *
FROM video_tasks
WHERE (CAST(:status AS text) IS NULL OR status = :status)
  AND (CAST(:owner AS text) IS NULL OR owner = :owner)
  AND (CAST(:model AS text) IS NULL OR model = :model)
  AND (CAST(:channel AS text) IS NULL OR coalesce(channel, provider) = :channel)
  AND (CAST(:createdBefore AS timestamptz) IS NULL OR created_at < :createdBefore)
ORDER BY created_at DESC, video_id DESC
OFFSET :offset LIMIT :limit
