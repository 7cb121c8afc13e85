SELECT status, count(*) AS n FROM video_tasks WHERE owner = :owner GROUP BY status
