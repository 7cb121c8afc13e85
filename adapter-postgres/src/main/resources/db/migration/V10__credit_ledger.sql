-- Credits: the append-only ledger, each user's balance kept with it, and each task's cost.
--
-- A balance row changes only in the statement that appends its ledger line, so the two cannot drift apart; the
-- CHECKs make any write that would take a part below zero fail instead. Holds, captures and releases are written by
-- the task statements (TaskStatements/*.sql) in the same statement as the task row they belong to.
CREATE TABLE credit_balances (
    user_id   text COLLATE "C" PRIMARY KEY,
    available bigint NOT NULL CHECK (available >= 0),
    held      bigint NOT NULL CHECK (held >= 0),
    spent     bigint NOT NULL CHECK (spent >= 0)
);

-- amount is signed only for an operator's debit (an ADJUSTMENT below zero); actor is the admin who adjusted.
CREATE TABLE credit_ledger (
    id         bigserial PRIMARY KEY,
    user_id    text COLLATE "C" NOT NULL,
    task_id    text COLLATE "C",
    kind       text        NOT NULL CHECK (kind IN ('GRANT', 'HOLD', 'CAPTURE', 'RELEASE', 'ADJUSTMENT')),
    amount     bigint      NOT NULL CHECK (amount > 0 OR (kind = 'ADJUSTMENT' AND amount < 0)),
    reason     text,
    actor      text,
    -- A HOLD's API key, when the task was created with a key that has a credit limit.
    api_key_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind IN ('HOLD', 'CAPTURE', 'RELEASE')) = (task_id IS NOT NULL)),
    CHECK ((kind = 'ADJUSTMENT') = (reason IS NOT NULL))
);
-- Exactly once, whatever node writes: one hold per task, and one capture-or-release per task.
CREATE UNIQUE INDEX credit_ledger_one_hold ON credit_ledger (task_id) WHERE kind = 'HOLD';
CREATE UNIQUE INDEX credit_ledger_one_settlement ON credit_ledger (task_id) WHERE kind IN ('CAPTURE', 'RELEASE');
CREATE INDEX credit_ledger_by_user ON credit_ledger (user_id, id);

-- What the tasks of each API key with a credit limit hold and spent (raised by a hold within the limit, lowered by a
-- release): a key's limit bounds this number.
CREATE TABLE credit_key_spend (
    api_key_id text PRIMARY KEY,
    used       bigint NOT NULL CHECK (used >= 0)
);

-- The credits held for the task when it was stored; 0 for a free task (which never touches the ledger).
ALTER TABLE video_tasks ADD COLUMN cost bigint NOT NULL DEFAULT 0 CHECK (cost >= 0);
