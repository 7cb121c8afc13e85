-- create.sql for a batch of new tasks in one statement, the batch given as one JSON array (:batch, see
-- EventPayloads.newTasks; element ord = the index in the list). The rows go in in (owner, client request id) order
-- and the owners' sequence rows are raised in owner order, once each by their number of new tasks, so two batches
-- cannot deadlock each other or a single write; each owner's events are numbered in batch order.
--
-- Any task that exists already (same video id, or same owner and client request id, also twice in the batch) fails
-- the whole statement with unique_violation and writes nothing, as does any other refusal of the data: the caller
-- then creates the batch's tasks one by one. Answers (ord, event id) for every task.
WITH input AS (
    SELECT * FROM json_to_recordset(CAST(:batch AS json)) AS u(
        ord int, video_id text, owner text, client_request_id text, provider text, type text,
        remixed_from text, remixed_from_external text, retry_of text, prompt text, model text, seconds text,
        size text, reference_sha256 text, reference_media_type text, reference_size bigint, fingerprint text,
        status text, progress int, created_at timestamptz, updated_at timestamptz, progress_at timestamptz,
        deadline_at timestamptz, version bigint, cost bigint, next_poll_at timestamptz, payload json, negative_prompt text,
        progress_estimated boolean)
), inserted AS (
    INSERT INTO video_tasks (
        video_id, owner, client_request_id, provider, type, remixed_from, remixed_from_external, retry_of, prompt,
        model, seconds, size, reference_sha256, reference_media_type, reference_size, fingerprint, status, progress,
        created_at, updated_at, progress_at, deadline_at, version, cost, next_poll_at, negative_prompt, progress_estimated)
    SELECT
        video_id, owner, client_request_id, provider, type, remixed_from, remixed_from_external, retry_of, prompt,
        model, seconds, size, reference_sha256, reference_media_type, reference_size, fingerprint, status, progress,
        created_at, updated_at, progress_at, deadline_at, version, cost, next_poll_at, negative_prompt, progress_estimated
    FROM input
    ORDER BY owner, client_request_id, video_id
    RETURNING owner, video_id
), changed AS (
    SELECT t.owner, i.ord, i.payload, i.updated_at FROM inserted t JOIN input i ON i.video_id = t.video_id
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
