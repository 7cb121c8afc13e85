-- Inserts a new task with its first event, in one statement (atomic in autocommit, one round trip): the task row, then
-- the owner's next event id, then the event. Positional parameters (plain JDBC, see VideoTaskRow.setNewTask): the new
-- task's 26 columns in the order listed, next_poll_at, the event payload, the event time. A task with a cost runs this
-- in the transaction that placed its hold first (PostgresCreditLedger/hold.sql).
--
-- A plain INSERT (not ON CONFLICT): the common case is a new key, and a plain insert skips the speculative-insertion
-- protocol (arbiter pre-checks and a confirm record). An existing task (same video id, or same owner and client
-- request id) makes the statement fail with unique_violation and write nothing; a concurrent identical insert waits
-- for the first to commit and then fails the same way. The caller then reads the winner.
--
-- Why readers never see event N+1 before N: taking the next id is an upsert of the owner's user_event_seq row, whose
-- row lock is held until the statement's transaction commits; a second writer of the same owner waits on it. Lock
-- order is always task row, then sequence row, so writers cannot deadlock each other.
WITH changed AS (
    INSERT INTO video_tasks (
        video_id, owner, client_request_id, provider, type, remixed_from, remixed_from_external, retry_of, prompt,
        model, seconds, size, reference_sha256, reference_media_type, reference_size, fingerprint, status, progress,
        created_at, updated_at, progress_at, deadline_at, version, cost, negative_prompt, progress_estimated, next_poll_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    RETURNING owner
), next_id AS (
    INSERT INTO user_event_seq AS s (user_id, last_event_id)
    SELECT owner, 1 FROM changed
    ON CONFLICT (user_id) DO UPDATE SET last_event_id = s.last_event_id + 1
    RETURNING user_id, last_event_id
)
INSERT INTO task_events (owner, id, payload, created_at)
SELECT user_id, last_event_id, CAST(? AS json), ? FROM next_id
RETURNING id
