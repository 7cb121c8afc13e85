UPDATE result_archives
SET state = CASE WHEN :giveUp THEN 'FAILED' ELSE 'PENDING' END, lease_owner = NULL, due_at = :retryAt, last_error = :reason
WHERE video_id = :id AND state = 'PENDING' AND lease_owner = :worker
