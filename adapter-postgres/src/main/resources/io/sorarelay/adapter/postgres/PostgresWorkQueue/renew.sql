-- Extends a worker's lease, only while it still holds it on the version it read: the fence before a submit and the
-- heartbeat while the submit is on its way. A claim by another worker (after this one's lease ran out), a write that
-- ended the lease, or any change of the task (a cancel) make it match nothing. The lease never shrinks. No version bump:
-- like a claim, it changes who may work on the task, not the task.
UPDATE video_tasks SET lease_until = GREATEST(lease_until, :until)
WHERE video_id = :videoId AND lease_owner = :worker AND version = :version
