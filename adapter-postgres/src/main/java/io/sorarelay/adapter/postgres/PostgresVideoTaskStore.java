package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.ListVideoTasksPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.jdbi.v3.core.Handle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The task store on PostgreSQL: tasks, the durable work queue (claims with leases) and the
 * per-owner event log, which every task write appends to in the same atomic statement.
 * Obtained from {@link PostgresAdapter#videoTasks()}; safe to share between threads and between
 * any number of processes on the same database.
 *
 * <p>When the database cannot be reached every method throws
 * {@link io.sorarelay.application.port.DependencyUnavailableException}; a write that throws it
 * wrote nothing (one statement per write), except in the unknowable case of a connection lost
 * during the commit itself, which version checks and idempotency keys make harmless to retry.
 */
public final class PostgresVideoTaskStore
        implements LoadVideoTaskPort, ListVideoTasksPort, SaveVideoTaskPort, ClaimDueTasksPort, TaskEventLogPort, InFlightTasksPort {

    private final Database db;

    PostgresVideoTaskStore(Database db) {
        this.db = db;
    }

    // ---- SaveVideoTaskPort --------------------------------------------------------------------

    @Override
    public CreateResult createOrGet(VideoTask task, NextWork firstWork) {
        Objects.requireNonNull(firstWork);
        VideoTask stored = storedNewTask(task);
        VideoTaskRow row = VideoTaskRow.from(stored);
        // Normally one pass. A second one is only needed if the row that conflicted is invisible to the
        // follow-up read, which READ COMMITTED rules out once the conflicting insert has committed (and it
        // must have, for the unique check to fail); the bound guards against surprises.
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Long> eventId = db.jdbc(c -> insert(c, row, stored, firstWork));
            if (eventId.isPresent())
                return new CreateResult.Inserted(stored, eventOf(stored, eventId.get()));
            Optional<VideoTask> existing = db.call(h -> {
                Optional<VideoTask> found = stored.clientRequestId().isPresent()
                        ? findByClientRequestId(h, stored.owner(), stored.clientRequestId().get())
                        : Optional.empty();
                return found.isPresent() ? found : findById(h, stored.id());
            });
            if (existing.isPresent()) return new CreateResult.Existing(existing.get());
        }
        throw new IllegalStateException("task " + task.id() + " neither inserted nor found");
    }

    /**
     * One statement ({@link TaskSql#CREATE_ALL}) and one commit for the whole batch. Should any task exist
     * already (a replay, or two creates with one key in the batch), the batch meet another writer's rows in the
     * opposite order, or the database refuse one task's data, the statement writes nothing and the tasks are
     * created one by one, each with its own answer (or failure). A database that cannot be reached fails them all.
     */
    @Override
    public List<CreateResult> createAll(List<NewTask> tasks) {
        if (tasks.size() < 2) return SaveVideoTaskPort.super.createAll(tasks);
        List<VideoTask> stored = new ArrayList<>(tasks.size());
        List<Instant> due = new ArrayList<>(tasks.size());
        for (NewTask t : tasks) {
            stored.add(storedNewTask(t.task()));
            due.add(dueAt(t.firstWork()));
        }
        String batch = EventPayloads.newTasks(stored, due);
        Optional<long[]> eventIds = db.jdbc(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement(TaskSql.CREATE_ALL)) {
                ps.setString(1, batch);
                long[] ids = new long[tasks.size()];
                int answered = 0;
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) { ids[rs.getInt(1)] = rs.getLong(2); answered++; }
                }
                if (answered != tasks.size())
                    throw new IllegalStateException("the batch create answered " + answered + " event ids for " + tasks.size() + " tasks");
                return Optional.of(ids);
            } catch (java.sql.SQLException e) {
                if (TaskSql.isRefusalOfTheData(e.getSQLState())) return Optional.empty();
                throw e;
            }
        });
        if (eventIds.isEmpty()) return SaveVideoTaskPort.super.createAll(tasks);
        List<CreateResult> results = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++)
            results.add(new CreateResult.Inserted(stored.get(i), eventOf(stored.get(i), eventIds.get()[i])));
        return results;
    }

    /** A new task as it is stored (instants at PostgreSQL's microseconds); refuses a task that is not new. */
    private static VideoTask storedNewTask(VideoTask task) {
        if (task.version() != 0) throw new IllegalArgumentException("a new task starts at version 0");
        return Micros.truncate(task);
    }

    /** The new task's first event id, or empty if the task exists already (nothing written). */
    private static Optional<Long> insert(java.sql.Connection c, VideoTaskRow row, VideoTask stored, NextWork firstWork)
            throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(TaskSql.CREATE)) {
            row.setNewTask(ps);
            int i = VideoTaskRow.NEW_TASK_COLUMN_COUNT;
            VideoTaskRow.setInstant(ps, ++i, dueAt(firstWork));
            ps.setString(++i, EventPayloads.write(stored.view()));
            VideoTaskRow.setInstant(ps, ++i, stored.updatedAt());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("the create statement answered no event id");
                return Optional.of(rs.getLong(1));
            }
        } catch (java.sql.SQLException e) {
            if (TaskSql.UNIQUE_VIOLATION.equals(e.getSQLState())) return Optional.empty();
            throw e;
        }
    }

    @Override
    public UpdateResult update(TaskUpdate update) {
        VideoTask next = Micros.truncate(update.change().next());
        VideoTaskRow row = VideoTaskRow.from(next);
        return db.call(h -> row.bindTo(h.createQuery(TaskSql.UPDATE))
                .bind("expectedVersion", update.change().expectedVersion())
                .bind("keepSchedule", update.next() instanceof NextWork.Keep)
                .bindByType("nextPollAt", dueAt(update.next()), Instant.class)
                .bindByType("worker", update.worker().orElse(null), String.class)
                .bind("payload", EventPayloads.write(next.view()))
                .bind("occurredAt", next.updatedAt())
                .mapTo(Long.class)
                .findOne()
                .<UpdateResult>map(id -> new UpdateResult.Updated(next, eventOf(next, id)))
                .orElseGet(UpdateResult.Conflict::new));
    }

    /** One statement ({@link TaskSql#UPDATE_ALL}) for the whole batch, so it is atomic and costs one round trip and one commit. */
    @Override
    public List<UpdateResult> updateAll(List<TaskUpdate> updates) {
        SaveVideoTaskPort.requireDistinctTasks(updates);
        if (updates.isEmpty()) return List.of();
        List<VideoTask> next = updates.stream().map(u -> Micros.truncate(u.change().next())).toList();
        String batch = EventPayloads.batch(updates, next, PostgresVideoTaskStore::dueAt);
        Map<Integer, Long> eventIds = db.jdbc(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement(TaskSql.UPDATE_ALL)) {
                Database.planEachTime(ps);
                ps.setString(1, batch);
                Map<Integer, Long> ids = new java.util.HashMap<>();
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.put(rs.getInt(1), rs.getLong(2));
                }
                return ids;
            }
        });
        List<UpdateResult> results = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            VideoTask n = next.get(i);
            Long id = eventIds.get(i);
            results.add(id == null ? new UpdateResult.Conflict()
                    : new UpdateResult.Updated(n, eventOf(n, id)));
        }
        return results;
    }

    // ---- LoadVideoTaskPort --------------------------------------------------------------------

    @Override
    public Optional<VideoTask> findById(VideoId id) {
        return db.call(h -> findById(h, id));
    }

    @Override
    public Optional<VideoTask> findByClientRequestId(UserId owner, ClientRequestId clientRequestId) {
        return db.call(h -> findByClientRequestId(h, owner, clientRequestId));
    }

    @Override
    public List<VideoTask> findByClientRequestIds(UserId owner, Collection<ClientRequestId> clientRequestIds) {
        if (clientRequestIds.isEmpty()) return List.of();
        String[] ids = clientRequestIds.stream().map(ClientRequestId::value).distinct().toArray(String[]::new);
        return db.call(h -> tasks(h.createQuery(TaskSql.FIND_BY_CLIENT_REQUEST_IDS).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("owner", owner.value())
                .bind("ids", ids)));
    }

    @Override
    public List<VideoTask> findByIds(UserId owner, Collection<VideoId> ids) {
        if (ids.isEmpty()) return List.of();
        String[] values = ids.stream().map(VideoId::value).distinct().toArray(String[]::new);
        return db.call(h -> tasks(h.createQuery(TaskSql.FIND_BY_IDS).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("owner", owner.value())
                .bind("ids", values)));
    }

    @Override
    public Optional<VideoTask> findByExternalId(String provider, ExternalTaskId externalId) {
        return db.call(h -> h.createQuery(TaskSql.FIND_BY_EXTERNAL_ID)
                .bind("provider", provider)
                .bind("externalTaskId", externalId.value())
                .mapTo(VideoTaskRow.class)
                .findOne()
                .map(VideoTaskRow::toDomain));
    }

    private static Optional<VideoTask> findById(Handle h, VideoId id) {
        return h.createQuery(TaskSql.FIND_BY_ID)
                .bind("videoId", id.value())
                .mapTo(VideoTaskRow.class)
                .findOne()
                .map(VideoTaskRow::toDomain);
    }

    private static Optional<VideoTask> findByClientRequestId(Handle h, UserId owner, ClientRequestId clientRequestId) {
        return h.createQuery(TaskSql.FIND_BY_CLIENT_REQUEST_ID)
                .bind("owner", owner.value())
                .bind("clientRequestId", clientRequestId.value())
                .mapTo(VideoTaskRow.class)
                .findOne()
                .map(VideoTaskRow::toDomain);
    }

    private static List<VideoTask> tasks(org.jdbi.v3.core.statement.Query query) {
        return query.mapTo(VideoTaskRow.class).stream().map(VideoTaskRow::toDomain).toList();
    }

    // ---- ListVideoTasksPort -------------------------------------------------------------------

    @Override
    public List<VideoTask> list(ListVideoTasksPort.Query q) {
        // Row comparison on (created_at, video_id) walks the listing index from the cursor on.
        String sql = TaskSql.SELECT_TASKS + "WHERE owner = :owner"
                + (q.status().isPresent() ? " AND status = :status" : "")
                + (q.after().isEmpty() ? "" : q.newestFirst()
                        ? " AND (created_at, video_id) < (:afterCreatedAt, :afterVideoId)"
                        : " AND (created_at, video_id) > (:afterCreatedAt, :afterVideoId)")
                + (q.newestFirst() ? " ORDER BY created_at DESC, video_id DESC" : " ORDER BY created_at, video_id")
                + " OFFSET :offset LIMIT :limit";
        return db.call(h -> {
            org.jdbi.v3.core.statement.Query query = h.createQuery(sql)
                    .bind("owner", q.owner().value())
                    .bind("offset", q.offset())
                    .bind("limit", q.limit());
            q.status().ifPresent(s -> query.bind("status", s.name()));
            q.after().ifPresent(c -> query.bind("afterCreatedAt", c.createdAt()).bind("afterVideoId", c.videoId().value()));
            return tasks(query);
        });
    }

    @Override
    public Map<TaskStatus, Long> countByStatus(UserId owner) {
        return db.call(h -> {
            Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
            for (TaskStatus s : TaskStatus.values()) counts.put(s, 0L);
            h.createQuery(TaskSql.COUNT_BY_STATUS)
                    .bind("owner", owner.value())
                    .map((rs, ctx) -> Map.entry(TaskStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            return counts;
        });
    }

    @Override
    public long countInFlight(UserId owner) {
        return db.call(h -> h.createQuery(TaskSql.COUNT_IN_FLIGHT).bind("owner", owner.value()).mapTo(Long.class).one());
    }

    // ---- ClaimDueTasksPort --------------------------------------------------------------------

    @Override
    public List<ClaimedTask> claimDue(Instant now, int limit, String worker, Duration leaseFor) {
        if (limit < 1) return List.of();
        Objects.requireNonNull(worker);
        if (leaseFor.isNegative() || leaseFor.isZero()) throw new IllegalArgumentException("a lease must last");
        Instant at = Micros.truncate(now);
        List<ClaimedTaskRow> rows = db.call(h -> h.createQuery(TaskSql.CLAIM_DUE).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("now", at)
                .bind("leaseUntil", Micros.truncate(at.plus(leaseFor)))
                .bind("worker", worker)
                .bind("limit", limit)
                .mapTo(ClaimedTaskRow.class)
                .list());
        // RETURNING has no order of its own: oldest due first, as the port promises.
        List<ClaimedTaskRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(ClaimedTaskRow::nextPollAt).thenComparing(r -> r.task().videoId()));
        return sorted.stream().map(r -> new ClaimedTask(r.task().toDomain(), r.failures())).toList();
    }

    @Override
    public boolean release(VideoId id, String worker, NextWork next, boolean failed) {
        return db.call(h -> h.createUpdate(TaskSql.RELEASE)
                .bind("videoId", id.value())
                .bind("worker", worker)
                .bind("keepSchedule", next instanceof NextWork.Keep)
                .bindByType("nextPollAt", dueAt(next), Instant.class)
                .bind("failed", failed)
                .execute()) == 1;
    }

    @Override
    public int releaseAll(String worker) {
        return db.call(h -> h.createUpdate(TaskSql.RELEASE_ALL).bind("worker", worker).execute());
    }

    // ---- TaskEventLogPort ---------------------------------------------------------------------

    @Override
    public Replay eventsAfter(UserId owner, long afterId, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        List<TaskEventRow> rows = db.call(h -> h.createQuery(TaskSql.EVENTS_AFTER).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("owner", owner.value())
                .bind("afterId", afterId)
                .bind("limit", limit)
                .mapTo(TaskEventRow.class)
                .list());
        if (rows.isEmpty()) return new Replay.Events(List.of()); // no event was ever written for this owner
        if (afterId < rows.getFirst().prunedThrough()) return new Replay.Expired();
        List<TaskEvent> events = rows.stream()
                .filter(r -> r.id() != null)
                .map(r -> new TaskEvent(r.id(), owner, EventPayloads.read(r.payload()), r.createdAt()))
                .toList();
        return new Replay.Events(events);
    }

    @Override
    public long lastEventId(UserId owner) {
        return db.call(h -> h.createQuery(TaskSql.LAST_EVENT_ID)
                .bind("owner", owner.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    @Override
    public int pruneBefore(Instant cutoff) {
        return db.call(h -> h.createQuery(TaskSql.PRUNE_BEFORE)
                .bind("cutoff", Micros.truncate(cutoff))
                .mapTo(Long.class)
                .one()).intValue();
    }

    // ---- InFlightTasksPort --------------------------------------------------------------------

    @Override
    public InFlight inFlight(String provider) {
        return db.call(h -> h.createQuery(TaskSql.IN_FLIGHT)
                .bind("provider", provider)
                .map((rs, ctx) -> new InFlight(rs.getLong("n"), Optional.ofNullable(rs.getObject("oldest", java.time.OffsetDateTime.class))
                        .map(java.time.OffsetDateTime::toInstant)))
                .one());
    }

    @Override
    public List<VideoTask> findInFlight(String provider, Collection<ExternalTaskId> externalIds) {
        if (externalIds.isEmpty()) return List.of();
        String[] ids = externalIds.stream().map(ExternalTaskId::value).distinct().toArray(String[]::new);
        return db.call(h -> tasks(h.createQuery(TaskSql.FIND_IN_FLIGHT).addCustomizer(Database.PLAN_EACH_TIME).bind("provider", provider).bind("ids", ids)));
    }

    @Override
    public List<VideoTask> inFlightSubmittedBefore(String provider, Instant submittedBefore, int limit) {
        if (limit < 1) return List.of();
        return db.call(h -> tasks(h.createQuery(TaskSql.IN_FLIGHT_SUBMITTED_BEFORE).addCustomizer(Database.PLAN_EACH_TIME).bind("provider", provider)
                .bind("before", Micros.truncate(submittedBefore)).bind("limit", limit)));
    }

    @Override
    public int deferPolls(String provider, Collection<ExternalTaskId> externalIds, Instant until, Instant ifBefore) {
        if (externalIds.isEmpty()) return 0;
        String[] ids = externalIds.stream().map(ExternalTaskId::value).distinct().toArray(String[]::new);
        return db.call(h -> h.createUpdate(TaskSql.DEFER_POLLS).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("provider", provider)
                .bind("ids", ids)
                .bind("until", Micros.truncate(until))
                .bind("ifBefore", Micros.truncate(ifBefore))
                .execute());
    }

    // -------------------------------------------------------------------------------------------

    /** The event a write of {@code task} appended, as the statement numbered it. */
    private static TaskEvent eventOf(VideoTask task, long id) {
        return new TaskEvent(id, task.owner(), task.view(), task.updatedAt());
    }

    /** next_poll_at for a schedule; Keep is handled by the statements ({@code :keepSchedule}). */
    private static Instant dueAt(NextWork next) {
        return switch (next) {
            case NextWork.At at -> Micros.truncate(at.at());
            case NextWork.None none -> null;
            case NextWork.Keep keep -> null;
        };
    }
}
