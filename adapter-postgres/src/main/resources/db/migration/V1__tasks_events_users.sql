-- Sora Relay schema, version 1.
--
-- Identifiers that the application compares or orders (video ids, owners, client request ids)
-- use COLLATE "C": byte order, the same order as Java's String.compareTo, whatever the database's
-- default collation is. Keyset pagination over (created_at, video_id) depends on it.

-- Accounts. Usernames are unique case-insensitively (lower(), usernames are ASCII by contract).
CREATE TABLE users (
    id            text COLLATE "C" PRIMARY KEY,
    username      text        NOT NULL,
    password_hash text        NOT NULL,
    admin         boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_username_ci ON users (lower(username));

-- The per-owner event sequence. Kept apart from users because tasks may belong to owners that are
-- not registered here (embedded callers, tests). Every task write upserts its owner's row here,
-- in the same transaction as the task row and the event row:
--   INSERT ... ON CONFLICT (user_id) DO UPDATE SET last_event_id = last_event_id + 1 RETURNING ...
-- The row lock this takes is held until commit, so one owner's writers are serialised at this
-- row: event N commits before event N+1 is even numbered, and no reader can see N+1 without N.
-- pruned_through is the highest id dropped by retention: a replay from below it is "expired".
CREATE TABLE user_event_seq (
    user_id        text COLLATE "C" PRIMARY KEY,
    last_event_id  bigint NOT NULL CHECK (last_event_id > 0),
    pruned_through bigint NOT NULL DEFAULT 0,
    CHECK (pruned_through >= 0 AND pruned_through <= last_event_id)
);

-- Tasks: every field of the VideoTask aggregate, plus the engine's schedule and lease.
CREATE TABLE video_tasks (
    video_id              text COLLATE "C" PRIMARY KEY,
    owner                 text COLLATE "C" NOT NULL,
    client_request_id     text COLLATE "C",
    external_task_id      text COLLATE "C",
    provider              text COLLATE "C" NOT NULL,
    type                  text        NOT NULL CHECK (type IN ('generate', 'remix', 'retry')),
    remixed_from          text COLLATE "C",
    remixed_from_external text COLLATE "C",
    retry_of              text COLLATE "C",
    prompt                text        NOT NULL,
    model                 text        NOT NULL,
    seconds               text        NOT NULL,
    size                  text        NOT NULL,
    reference_sha256      text,
    reference_media_type  text,
    reference_size        bigint,
    fingerprint           text        NOT NULL,
    status                text        NOT NULL CHECK (status IN ('QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    progress              integer     NOT NULL CHECK (progress BETWEEN 0 AND 100),
    error_code            text,
    error_message         text,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    completed_at          timestamptz,
    failed_at             timestamptz,
    cancelled_at          timestamptz,
    submitted_at          timestamptz,
    progress_at           timestamptz NOT NULL,
    deadline_at           timestamptz NOT NULL,
    version               bigint      NOT NULL CHECK (version >= 0),
    -- Provider-specific extras that the domain does not model (reserved; '{}' today).
    metadata              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- The durable work queue: when the engine next needs to act (NULL = nothing to do).
    next_poll_at          timestamptz,
    poll_attempts         integer     NOT NULL DEFAULT 0,
    submit_attempts       integer     NOT NULL DEFAULT 0,
    -- Consecutive failed attempts (backoff input); reset by any successful pass.
    failures              integer     NOT NULL DEFAULT 0,
    lease_owner           text,
    lease_until           timestamptz,
    CHECK ((status = 'COMPLETED') = (completed_at IS NOT NULL)),
    CHECK ((status = 'FAILED') = (failed_at IS NOT NULL AND error_code IS NOT NULL)),
    CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL)),
    CHECK (status NOT IN ('PROCESSING', 'COMPLETED') OR external_task_id IS NOT NULL),
    CHECK ((reference_sha256 IS NULL) = (reference_media_type IS NULL) AND (reference_sha256 IS NULL) = (reference_size IS NULL)),
    CHECK ((lease_owner IS NULL) = (lease_until IS NULL))
);
-- Idempotency: one task per (owner, client request id).
CREATE UNIQUE INDEX video_tasks_owner_client_request ON video_tasks (owner, client_request_id)
    WHERE client_request_id IS NOT NULL;
-- The owner's listing, newest first, keyset-paginated.
CREATE INDEX video_tasks_owner_listing ON video_tasks (owner, created_at DESC, video_id DESC);
-- Due work, oldest first; only scheduled tasks are indexed.
CREATE INDEX video_tasks_due ON video_tasks (next_poll_at) WHERE next_poll_at IS NOT NULL;
-- Webhooks and polls find a task by its upstream job.
CREATE INDEX video_tasks_external ON video_tasks (provider, external_task_id) WHERE external_task_id IS NOT NULL;
-- releaseAll(worker) at shutdown; few rows are leased at any time.
CREATE INDEX video_tasks_leased ON video_tasks (lease_owner) WHERE lease_owner IS NOT NULL;

-- The per-owner event log (transactional outbox): payload is the TaskView as JSON.
CREATE TABLE task_events (
    owner      text COLLATE "C" NOT NULL,
    id         bigint      NOT NULL CHECK (id > 0),
    payload    jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (owner, id)
);
-- Retention pruning by age.
CREATE INDEX task_events_created_at ON task_events (created_at);

-- Webhook ids already processed: a repeated delivery changes nothing.
CREATE TABLE webhook_deliveries (
    webhook_id  text PRIMARY KEY,
    received_at timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_received_at ON webhook_deliveries (received_at);

-- Reference images, content-addressed, kept until their task is submitted.
CREATE TABLE reference_images (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    media_type text        NOT NULL,
    bytes      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
