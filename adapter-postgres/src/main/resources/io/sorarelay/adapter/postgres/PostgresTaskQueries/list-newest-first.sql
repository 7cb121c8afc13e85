-- One page of an owner's tasks, newest first: the cursor is the last task of the previous page, and this page holds older ones.
-- The status filter and the cursor are optional: a NULL :status or :afterCreatedAt turns its condition off. The store
-- runs this statement with a plan made for its parameters (Database.PLAN_EACH_TIME), in which PostgreSQL folds the
-- switched-off conditions away, so the row comparison on (created_at, video_id) walks the listing index
-- video_tasks_owner_listing from the cursor on.
SELECT video_id, owner, client_request_id, external_task_id, provider, type, remixed_from, remixed_from_external,
       retry_of, prompt, model, seconds, size, reference_sha256, reference_media_type, reference_size, negative_prompt, progress_estimated, fingerprint,
       status, progress, error_code, error_message, created_at, updated_at, completed_at, failed_at, cancelled_at,
       submitted_at, progress_at, deadline_at, version, channel, cost
FROM video_tasks
WHERE owner = :owner
  AND (CAST(:status AS text) IS NULL OR status = :status)
  AND (CAST(:afterCreatedAt AS timestamptz) IS NULL OR (created_at, video_id) < (:afterCreatedAt, :afterVideoId))
ORDER BY created_at DESC, video_id DESC
OFFSET :offset LIMIT :limit
