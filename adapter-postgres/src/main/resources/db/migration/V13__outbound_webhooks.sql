-- Outbound webhooks to our own users. The task event log (task_events) is the source: every state change appends its
-- event in the task's own transaction. The dispatcher copies each owner's terminal events after webhook_cursors into
-- webhook_outbox (one row per endpoint and message: a replay inserts nothing) and records every send in webhook_attempts.
CREATE TABLE webhook_endpoints (
    id         text        PRIMARY KEY,
    user_id    text        NOT NULL,
    url        text        NOT NULL,
    events     text[]      NOT NULL,
    -- Kept as given (whsec_...): every delivery is signed with it, so a hash would not do.
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_by_user ON webhook_endpoints (user_id, created_at);

-- The id of the owner's last task event copied into webhook_outbox; it only moves forward.
CREATE TABLE webhook_cursors (
    user_id       text   PRIMARY KEY,
    last_event_id bigint NOT NULL
);

CREATE TABLE webhook_outbox (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id     text        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    user_id         text        NOT NULL,
    message_id      text        NOT NULL,
    event_type      text        NOT NULL,
    video_id        text        NOT NULL,
    body            text        NOT NULL,
    due_since       timestamptz NOT NULL,
    -- While PENDING: when it is due next, or until when a node's claim holds it.
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    state           text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'GAVE_UP')),
    UNIQUE (endpoint_id, message_id)
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at, id) WHERE state = 'PENDING';

CREATE TABLE webhook_attempts (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id   bigint      NOT NULL REFERENCES webhook_outbox (id) ON DELETE CASCADE,
    endpoint_id   text        NOT NULL,
    message_id    text        NOT NULL,
    event_type    text        NOT NULL,
    video_id      text        NOT NULL,
    at            timestamptz NOT NULL,
    status_code   integer,
    error         text,
    duration_ms   bigint      NOT NULL,
    next_retry_at timestamptz
);
CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts (endpoint_id, at DESC, id DESC);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id);
