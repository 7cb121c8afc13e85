SELECT * FROM result_archives
WHERE state = 'ARCHIVED' AND due_at <= :now
ORDER BY due_at, video_id
LIMIT :limit
