-- Results that outlive the upstream's links (docs/results.md): one row per COMPLETED task whose video (and thumbnail)
-- is being or was copied into the results store. A row is a small work queue entry with a lease: lease_owner holds it
-- until due_at, after which any node may claim it (a node killed mid-copy is taken over after one lease). For an
-- ARCHIVED row due_at is when retention deletes it; for a PENDING one, when it may next be tried.
-- The task row itself is not touched: a task is picked up by a query for COMPLETED tasks that have no row here yet.
CREATE TABLE result_archives (
    video_id          text COLLATE "C" PRIMARY KEY,
    state             text        NOT NULL CHECK (state IN ('PENDING', 'ARCHIVED', 'FAILED', 'EXPIRED')),
    attempts          integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    lease_owner       text,
    due_at            timestamptz NOT NULL,
    video_key         text,
    video_type        text,
    video_size        bigint,
    video_sha256      text,
    thumbnail_key     text,
    thumbnail_type    text,
    thumbnail_size    bigint,
    thumbnail_sha256  text,
    archived_at       timestamptz,
    expires_at        timestamptz,
    last_error        text,
    created_at        timestamptz NOT NULL,
    CHECK (state <> 'ARCHIVED' OR (video_key IS NOT NULL AND video_size IS NOT NULL AND video_sha256 IS NOT NULL
                                   AND archived_at IS NOT NULL AND expires_at IS NOT NULL))
);

-- The claim's and the retention's scans: only rows that still have work.
CREATE INDEX result_archives_due ON result_archives (due_at) WHERE state IN ('PENDING', 'ARCHIVED');

-- Finding COMPLETED tasks without a row reads only recent completions, newest work first.
CREATE INDEX video_tasks_completed_at ON video_tasks (completed_at) WHERE status = 'COMPLETED';
