-- Leases due PENDING rows to :worker; SKIP LOCKED lets concurrent claims take different rows.
UPDATE result_archives a
SET lease_owner = :worker, due_at = :until, attempts = a.attempts + 1
FROM (SELECT video_id FROM result_archives
      WHERE state = 'PENDING' AND due_at <= :now
      ORDER BY due_at, video_id
      LIMIT :limit
      FOR UPDATE SKIP LOCKED) due
WHERE a.video_id = due.video_id
RETURNING a.video_id
