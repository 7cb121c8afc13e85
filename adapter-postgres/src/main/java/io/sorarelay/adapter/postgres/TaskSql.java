package io.sorarelay.adapter.postgres;

/**
 * Every statement of {@link PostgresVideoTaskStore}, in one place.
 *
 * <p>Each write is ONE statement (data-modifying CTEs), so it is atomic in autocommit and costs one
 * round trip: change the task row, then take the owner's next event id, then append the event.
 * The event steps read the rows the first step returned, so when the task write matches nothing
 * (idempotent replay, stale version, lost lease) no event id is taken and no event is written —
 * the per-owner sequence stays gapless.
 *
 * <p>Why readers never see event N+1 before N: taking the next id is an upsert of the owner's
 * {@code user_event_seq} row, whose row lock is held until the statement's transaction commits.
 * A second writer of the same owner waits on that lock, so it can only number (and commit) N+1
 * after N has committed. Lock order is always task row, then sequence row, so writers cannot
 * deadlock each other.
 */
final class TaskSql {
    private TaskSql() {}

    /**
     * Appends one event for the owner of the row(s) in the CTE {@code changed}; answers the event id.
     * The two arguments are the parameters for the payload and the event time (named or {@code ?}).
     */
    private static String appendEvent(String payload, String occurredAt) {
        return """
            , next_id AS (
                INSERT INTO user_event_seq AS s (user_id, last_event_id)
                SELECT owner, 1 FROM changed
                ON CONFLICT (user_id) DO UPDATE SET last_event_id = s.last_event_id + 1
                RETURNING user_id, last_event_id
            )
            INSERT INTO task_events (owner, id, payload, created_at)
            SELECT user_id, last_event_id, CAST(%s AS json), %s FROM next_id
            RETURNING id
            """.formatted(payload, occurredAt);
    }

    private static final String APPEND_EVENT = appendEvent(":payload", ":occurredAt");

    /**
     * The events of a batch, after a CTE {@code changed} (owner, ord, payload, updated_at) of the rows it wrote:
     * each owner's sequence row is raised once by its number of rows, in owner order (so two batches cannot
     * deadlock on them), and its events are numbered in {@code ord} order. Answers (ord, event id) per row written.
     */
    private static final String APPEND_EVENTS_IN_ORDER = """
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
            """;

    /**
     * Inserts the task with its first event; positional parameters (plain JDBC, see
     * {@link VideoTaskRow#setNewTask}): the new task's columns, next_poll_at, the payload, the event time.
     * A plain INSERT (not ON CONFLICT): the common case is a
     * new key, and a plain insert skips the speculative-insertion protocol (arbiter pre-checks and a
     * confirm record). An existing task (same video id, or same owner and client request id) makes
     * the statement fail with unique_violation and write nothing; a concurrent identical insert
     * waits for the first to commit and then fails the same way. The caller then reads the winner.
     */
    static final String CREATE = """
            WITH changed AS (
                INSERT INTO video_tasks (%s, next_poll_at)
                VALUES (%s, ?)
                RETURNING owner
            )
            """.formatted(VideoTaskRow.NEW_TASK_COLUMNS, "?, ".repeat(VideoTaskRow.NEW_TASK_COLUMN_COUNT - 1) + "?")
            + appendEvent("?", "?");

    /**
     * {@link #CREATE} for a batch of new tasks in one statement, the batch given as one JSON array (see
     * {@link EventPayloads#newTasks}; element {@code ord} = the index in the list). The rows go in in
     * (owner, client request id) order and the owners' sequence rows are raised in owner order, once each by
     * their number of new tasks, so two batches cannot deadlock each other or a single write; each owner's
     * events are numbered in batch order. Any task that exists already (same video id, or same owner and client
     * request id, also twice in the batch) fails the whole statement with unique_violation and writes nothing, as
     * does any other refusal of the data ({@link #isRefusalOfTheData}): the caller then creates the batch's tasks
     * one by one. Answers (ord, event id) for every task.
     */
    static final String CREATE_ALL = """
            WITH input AS (
                SELECT * FROM json_to_recordset(CAST(? AS json)) AS u(
                    ord int, video_id text, owner text, client_request_id text, provider text, type text,
                    remixed_from text, remixed_from_external text, retry_of text, prompt text, model text, seconds text,
                    size text, reference_sha256 text, reference_media_type text, reference_size bigint, fingerprint text,
                    status text, progress int, created_at timestamptz, updated_at timestamptz, progress_at timestamptz,
                    deadline_at timestamptz, version bigint, next_poll_at timestamptz, payload json)
            ), inserted AS (
                INSERT INTO video_tasks (%1$s, next_poll_at)
                SELECT %1$s, next_poll_at FROM input
                ORDER BY owner, client_request_id, video_id
                RETURNING owner, video_id
            ), changed AS (
                SELECT t.owner, i.ord, i.payload, i.updated_at FROM inserted t JOIN input i ON i.video_id = t.video_id
            """.formatted(VideoTaskRow.NEW_TASK_COLUMNS) + APPEND_EVENTS_IN_ORDER;

    /**
     * Whether a batch statement failed because of what it wrote, not because the database is unreachable: a data
     * exception (class 22: one element's value), an integrity constraint (23: an existing task, a check), or a
     * rolled-back transaction (40: a deadlock with a writer that took the same rows in the opposite order).
     */
    static boolean isRefusalOfTheData(String sqlState) {
        return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("40"));
    }

    /** SQLSTATE unique_violation: {@link #CREATE} found the task already there. */
    static final String UNIQUE_VIOLATION = "23505";

    /**
     * Writes the next version over the expected one. With a worker, the write also requires that it
     * still holds the lease, ends the lease and resets the failure count (the pass succeeded).
     * {@code :keepSchedule} leaves next_poll_at as stored; otherwise it becomes {@code :nextPollAt}
     * (NULL = no more work).
     */
    static final String UPDATE = """
            WITH changed AS (
                UPDATE video_tasks SET
                    external_task_id = :externalTaskId,
                    status = :status,
                    progress = :progress,
                    error_code = :errorCode,
                    error_message = :errorMessage,
                    updated_at = :updatedAt,
                    completed_at = :completedAt,
                    failed_at = :failedAt,
                    cancelled_at = :cancelledAt,
                    submitted_at = :submittedAt,
                    progress_at = :progressAt,
                    deadline_at = :deadlineAt,
                    version = :version,
                    next_poll_at = CASE WHEN :keepSchedule THEN next_poll_at ELSE :nextPollAt END,
                    lease_owner = CASE WHEN CAST(:worker AS text) IS NULL THEN lease_owner END,
                    lease_until = CASE WHEN CAST(:worker AS text) IS NULL THEN lease_until END,
                    failures = CASE WHEN CAST(:worker AS text) IS NULL THEN failures ELSE 0 END
                WHERE video_id = :videoId
                  AND version = :expectedVersion
                  AND (CAST(:worker AS text) IS NULL OR lease_owner = :worker)
                RETURNING owner
            )
            """ + APPEND_EVENT;

    /**
     * {@link #UPDATE} for many tasks in one statement, the batch given as one JSON array (see
     * {@link PostgresVideoTaskStore#updateAll}): each element is written only if its own version (and lease)
     * condition holds. The rows are locked in video id order first, and the owners' sequence rows in owner
     * order, so two batches cannot deadlock each other or a single write (which takes its task row, then its
     * owner's row). Each owner's sequence row is raised once by its number of written tasks, and its events
     * are numbered in batch order. Answers (ord, event id) for the elements written.
     */
    static final String UPDATE_ALL = """
            WITH input AS (
                SELECT * FROM json_to_recordset(CAST(? AS json)) AS u(
                    ord int, video_id text, expected_version bigint, worker text, keep_schedule boolean, next_poll_at timestamptz,
                    external_task_id text, status text, progress int, error_code text, error_message text,
                    updated_at timestamptz, completed_at timestamptz, failed_at timestamptz, cancelled_at timestamptz,
                    submitted_at timestamptz, progress_at timestamptz, deadline_at timestamptz, version bigint, payload json)
            ), locked AS (
                SELECT t.video_id FROM video_tasks t JOIN input u ON u.video_id = t.video_id
                ORDER BY t.video_id
                FOR UPDATE OF t
            ), changed AS (
                UPDATE video_tasks t SET
                    external_task_id = u.external_task_id,
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
            """ + APPEND_EVENTS_IN_ORDER;

    static final String SELECT_TASKS = "SELECT " + VideoTaskRow.COLUMNS + " FROM video_tasks ";

    static final String FIND_BY_ID = SELECT_TASKS + "WHERE video_id = :videoId";

    static final String FIND_BY_CLIENT_REQUEST_ID = SELECT_TASKS + "WHERE owner = :owner AND client_request_id = :clientRequestId";

    static final String FIND_BY_CLIENT_REQUEST_IDS = SELECT_TASKS + "WHERE owner = :owner AND client_request_id = ANY(:ids)";

    static final String FIND_BY_IDS = SELECT_TASKS + "WHERE owner = :owner AND video_id = ANY(:ids)";

    /** An upstream id is unique in practice; the oldest wins should it ever repeat. */
    static final String FIND_BY_EXTERNAL_ID = SELECT_TASKS + """
            WHERE provider = :provider AND external_task_id = :externalTaskId
            ORDER BY created_at, video_id LIMIT 1""";

    /** Uses the partial index video_tasks_owner_in_flight: touches the unfinished tasks only. */
    static final String COUNT_IN_FLIGHT = "SELECT count(*) FROM video_tasks WHERE owner = :owner AND status IN ('QUEUED', 'PROCESSING')";

    static final String COUNT_BY_STATUS = "SELECT status, count(*) AS n FROM video_tasks WHERE owner = :owner GROUP BY status";

    /**
     * Takes due, unleased (or lease-expired) tasks and leases them, in one statement. SKIP LOCKED
     * lets concurrent workers (in any process) take disjoint batches without waiting on each
     * other; a row being written by someone else right now is simply skipped this round. The
     * claim does not change the task (no version bump), only who may work on it.
     */
    static final String CLAIM_DUE = """
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
            RETURNING %s, t.failures, t.next_poll_at
            """.formatted(VideoTaskRow.COLUMNS.replaceAll("(\\w+)", "t.$1"));

    static final String RELEASE = """
            UPDATE video_tasks SET
                lease_owner = NULL,
                lease_until = NULL,
                next_poll_at = CASE WHEN :keepSchedule THEN next_poll_at ELSE :nextPollAt END,
                failures = CASE WHEN :failed THEN failures + 1 ELSE 0 END
            WHERE video_id = :videoId AND lease_owner = :worker
            """;

    static final String RELEASE_ALL = "UPDATE video_tasks SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = :worker";

    /**
     * The owner's retention mark and the next page of events, from one snapshot (one statement):
     * pruning deletes events and raises the mark in one transaction, so the two always agree.
     */
    static final String EVENTS_AFTER = """
            SELECT s.pruned_through, e.id, e.payload::text AS payload, e.created_at
            FROM user_event_seq s
            LEFT JOIN LATERAL (
                SELECT id, payload, created_at FROM task_events
                WHERE owner = s.user_id AND id > :afterId
                ORDER BY id
                LIMIT :limit
            ) e ON true
            WHERE s.user_id = :owner
            ORDER BY e.id
            """;

    static final String LAST_EVENT_ID = "SELECT last_event_id FROM user_event_seq WHERE user_id = :owner";

    /**
     * Drops, per owner, every event up to the newest one older than the cutoff — always a prefix of
     * the owner's log, so "expired" is exactly "asked for an id below pruned_through" (with clock
     * skew between nodes a slightly newer event may go too; a client then just refetches). Owner
     * rows are locked in id order so concurrent prunes (several instances) cannot deadlock.
     */
    static final String PRUNE_BEFORE = """
            WITH doomed AS (
                SELECT owner, max(id) AS through FROM task_events WHERE created_at < :cutoff GROUP BY owner
            ), locked AS (
                SELECT s.user_id, d.through FROM user_event_seq s JOIN doomed d ON d.owner = s.user_id
                ORDER BY s.user_id
                FOR UPDATE OF s
            ), marked AS (
                UPDATE user_event_seq s SET pruned_through = GREATEST(s.pruned_through, l.through)
                FROM locked l WHERE s.user_id = l.user_id
            ), deleted AS (
                DELETE FROM task_events e USING locked l
                WHERE e.owner = l.user_id AND e.id <= l.through
                RETURNING 1
            )
            SELECT count(*) FROM deleted
            """;

    // ---- the upstream sweep (InFlightTasksPort) ----------------------------------------------------

    /** What "in flight" means for the sweep; the partial index video_tasks_in_flight (V3) covers it. */
    private static final String IN_FLIGHT_ROWS = "provider = :provider AND external_task_id IS NOT NULL AND status IN ('QUEUED', 'PROCESSING')";

    static final String IN_FLIGHT = "SELECT count(*) AS n, min(submitted_at) AS oldest FROM video_tasks WHERE " + IN_FLIGHT_ROWS;

    /** Walks the partial index video_tasks_in_flight (provider, submitted_at) from its oldest end. */
    static final String IN_FLIGHT_SUBMITTED_BEFORE = SELECT_TASKS + "WHERE " + IN_FLIGHT_ROWS
            + " AND submitted_at < :before ORDER BY submitted_at, video_id LIMIT :limit";

    /**
     * A page's tasks by upstream id, through the index on (provider, external_task_id) whatever the statistics say:
     * with the in-flight filter in the same WHERE the planner may take the partial in-flight index instead (its
     * estimate lags during a burst, when every row changes status) and filter all of it for a hundred ids (measured:
     * 98,221 rows read, 112 ms, per page at 100,000 in flight). A MATERIALIZED CTE keeps the lookup by id apart.
     */
    private static final String BY_EXTERNAL_IDS = """
            WITH listed AS MATERIALIZED (
                SELECT * FROM video_tasks WHERE provider = :provider AND external_task_id = ANY(:ids)
            )
            """;

    static final String FIND_IN_FLIGHT = BY_EXTERNAL_IDS + "SELECT " + VideoTaskRow.COLUMNS
            + " FROM listed WHERE status IN ('QUEUED', 'PROCESSING')";

    /**
     * Defers the individual polls of a page of tasks in one statement. Only rows whose next poll comes before
     * {@code :ifBefore} are written (no row write on every sweep), never past the deadline, never earlier than
     * scheduled; leased rows are skipped (their worker sets the schedule when it releases them). No version bump:
     * like a release, it changes when the engine looks, not the task. The rows are locked with SKIP LOCKED, so the
     * sweep never waits for a writer: a row being written right now is skipped (its writer sets its schedule). Before,
     * the UPDATE locked its rows in join order while a batch write ({@link #UPDATE_ALL}) locked them in id order, and
     * the two deadlocked (seen in the 100,000-task engine bench: the sweep failed, and four batch writers waited the
     * 1 s deadlock timeout).
     */
    static final String DEFER_POLLS = BY_EXTERNAL_IDS + """
            , to_defer AS MATERIALIZED (
                SELECT t.video_id FROM video_tasks t
                WHERE t.video_id IN (SELECT video_id FROM listed)
                  AND t.status IN ('QUEUED', 'PROCESSING')
                  AND t.lease_owner IS NULL
                  AND t.next_poll_at IS NOT NULL
                  AND t.next_poll_at < LEAST(:ifBefore, :until, t.deadline_at)
                FOR UPDATE OF t SKIP LOCKED
            )
            UPDATE video_tasks t SET next_poll_at = LEAST(:until, t.deadline_at)
            FROM to_defer d
            WHERE t.video_id = d.video_id
            """;
}
