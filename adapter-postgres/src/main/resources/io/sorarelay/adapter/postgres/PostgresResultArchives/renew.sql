UPDATE result_archives SET due_at = :until
WHERE video_id = :id AND state = 'PENDING' AND lease_owner = :worker
