-- A PENDING row for each task COMPLETED since :completedSince that has none; due at once. The newest first: they are
-- the ones most likely to have none, and the walk of the completed_at index stops at :limit.
INSERT INTO result_archives (video_id, state, attempts, due_at, created_at)
SELECT t.video_id, 'PENDING', 0, :now, :now
FROM video_tasks t
WHERE t.status = 'COMPLETED' AND t.completed_at > :completedSince
  AND NOT EXISTS (SELECT 1 FROM result_archives a WHERE a.video_id = t.video_id)
ORDER BY t.completed_at DESC
LIMIT :limit
ON CONFLICT (video_id) DO NOTHING
