UPDATE video_tasks SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = :worker
