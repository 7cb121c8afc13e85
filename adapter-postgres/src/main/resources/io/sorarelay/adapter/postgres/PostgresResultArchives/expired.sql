UPDATE result_archives SET state = 'EXPIRED', lease_owner = NULL, due_at = :at
WHERE video_id = :id AND state = 'ARCHIVED'
