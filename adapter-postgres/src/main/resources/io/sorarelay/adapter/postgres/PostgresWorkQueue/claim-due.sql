-- Takes due, unleased (or lease-expired) tasks and leases them, in one statement. SKIP LOCKED lets concurrent workers
-- (in any process) take disjoint batches without waiting on each other; a row being written by someone else right
-- now is simply skipped this round. The claim does not change the task (no version bump), only who may work on it.
-- RETURNING has no order of its own: the store sorts the claimed rows, oldest due first.
UPDATE video_tasks t SET
    lease_owner = :worker,
    lease_until = :leaseUntil,
    submit_attempts = t.submit_attempts + CASE WHEN t.external_task_id IS NULL THEN 1 ELSE 0 END,
    poll_attempts = t.poll_attempts + CASE WHEN t.external_task_id IS NULL THEN 0 ELSE 1 END
FROM (
    SELECT video_id FROM video_tasks
    WHERE next_poll_at <= :now AND (lease_until IS NULL OR lease_until < :now)
    ORDER BY next_poll_at, video_id
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
) due
WHERE t.video_id = due.video_id
RETURNING t.video_id, t.owner, t.client_request_id, t.external_task_id, t.provider, t.type, t.remixed_from,
          t.remixed_from_external, t.retry_of, t.prompt, t.model, t.seconds, t.size, t.reference_sha256,
          t.reference_media_type, t.reference_size, t.negative_prompt, t.progress_estimated, t.fingerprint, t.status, t.progress, t.error_code, t.error_message,
          t.created_at, t.updated_at, t.completed_at, t.failed_at, t.cancelled_at, t.submitted_at, t.progress_at,
          t.deadline_at, t.version, t.channel, t.cost, t.failures, t.next_poll_at, t.submit_channel
