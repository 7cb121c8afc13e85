-- update.sql for many tasks in one statement, the batch given as one JSON array (:batch, see EventPayloads.batch;
-- element ord = the index in the list): each element is written only if its own version (and lease) condition holds.
-- The rows are locked in video id order first, and the owners' sequence rows in owner order, so two batches cannot
-- deadlock each other or a single write (which takes its task row, then its owner's row). Each owner's sequence row
-- is raised once by its number of written tasks, and its events are numbered in batch order. Answers (ord, event id)
-- for the elements written.
WITH input AS (
    SELECT * FROM json_to_recordset(CAST(:batch AS json)) AS u(
        ord int, video_id text, expected_version bigint, worker text, keep_schedule boolean, next_poll_at timestamptz,
        external_task_id text, channel text, status text, progress int, error_code text, error_message text,
        updated_at timestamptz, completed_at timestamptz, failed_at timestamptz, cancelled_at timestamptz,
        submitted_at timestamptz, progress_at timestamptz, deadline_at timestamptz, version bigint, payload json)
), locked AS (
    SELECT t.video_id FROM video_tasks t JOIN input u ON u.video_id = t.video_id
    ORDER BY t.video_id
    FOR UPDATE OF t
), changed AS (
    UPDATE video_tasks t SET
        external_task_id = u.external_task_id,
        channel = u.channel,
        status = u.status,
        progress = u.progress,
        error_code = u.error_code,
        error_message = u.error_message,
        updated_at = u.updated_at,
        completed_at = u.completed_at,
        failed_at = u.failed_at,
        cancelled_at = u.cancelled_at,
        submitted_at = u.submitted_at,
        progress_at = u.progress_at,
        deadline_at = u.deadline_at,
        version = u.version,
        next_poll_at = CASE WHEN u.keep_schedule THEN t.next_poll_at ELSE u.next_poll_at END,
        lease_owner = CASE WHEN u.worker IS NULL THEN t.lease_owner END,
        lease_until = CASE WHEN u.worker IS NULL THEN t.lease_until END,
        failures = CASE WHEN u.worker IS NULL THEN t.failures ELSE 0 END
    FROM input u JOIN locked l ON l.video_id = u.video_id
    WHERE t.video_id = u.video_id
      AND t.version = u.expected_version
      AND (u.worker IS NULL OR t.lease_owner = u.worker)
    RETURNING t.owner, u.ord, u.payload, u.updated_at
), per_owner AS (
    SELECT owner, count(*) AS n FROM changed GROUP BY owner
), next_ids AS (
    INSERT INTO user_event_seq AS s (user_id, last_event_id)
    SELECT owner, n FROM per_owner ORDER BY owner
    ON CONFLICT (user_id) DO UPDATE SET last_event_id = s.last_event_id + EXCLUDED.last_event_id
    RETURNING user_id, last_event_id
), numbered AS (
    SELECT c.ord, c.owner, c.payload, c.updated_at,
           n.last_event_id - p.n + row_number() OVER (PARTITION BY c.owner ORDER BY c.ord) AS id
    FROM changed c JOIN next_ids n ON n.user_id = c.owner JOIN per_owner p ON p.owner = c.owner
), appended AS (
    INSERT INTO task_events (owner, id, payload, created_at)
    SELECT owner, id, payload, updated_at FROM numbered
)
SELECT ord, id FROM numbered
