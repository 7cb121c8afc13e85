package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.VideoTask;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.StatementException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The four task writes, each ONE statement (data-modifying CTEs, in {@code TaskStatements/*.sql}): atomic in
 * autocommit, one round trip, and the task row, the owner's next event id and the event go together, so a write that
 * matches nothing (an existing key, a stale version, a lost lease) takes no event id and writes no event. Every task
 * is handed in as it is stored (instants at PostgreSQL's microseconds, see {@link Micros}).
 */
final class TaskStatements {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String CREATE = SQL.locate(TaskStatements.class, "create");
    private static final String CREATE_ALL = SQL.locate(TaskStatements.class, "create-all");
    private static final String UPDATE = SQL.locate(TaskStatements.class, "update");
    private static final String UPDATE_ALL = SQL.locate(TaskStatements.class, "update-all");

    /** SQLSTATE unique_violation: {@code create.sql} found the task already there. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;

    TaskStatements(Database db) {
        this.db = db;
    }

    /**
     * The new task's first event id, or empty if the task exists already (nothing written).
     *
     * <p>The store's one statement on plain JDBC: the create is hot enough that JDBI's per-call costs (a handle,
     * named-argument resolution, mapper lookup) were a third of its client CPU (measured: bench/README.md).
     */
    Optional<Long> create(VideoTask task, NextWork firstWork) {
        VideoTaskRow row = VideoTaskRow.from(task);
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(CREATE)) {
                row.setNewTask(ps);
                int i = VideoTaskRow.NEW_TASK_COLUMN_COUNT;
                VideoTaskRow.setInstant(ps, ++i, dueAt(firstWork));
                ps.setString(++i, EventPayloads.write(task.view()));
                VideoTaskRow.setInstant(ps, ++i, task.updatedAt());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("the create statement answered no event id");
                    return Optional.of(rs.getLong(1));
                }
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) return Optional.empty();
                throw e;
            }
        });
    }

    /**
     * Every new task's first event id, in order; or empty if the database refused the batch's data (a task that exists
     * already, a value it rejects, a deadlock with another writer): then nothing was written.
     */
    Optional<long[]> createAll(List<VideoTask> tasks, List<NextWork> firstWork) {
        String batch = EventPayloads.newTasks(tasks, firstWork.stream().map(TaskStatements::dueAt).toList());
        return db.call(h -> {
            try {
                long[] ids = new long[tasks.size()];
                int[] answered = {0};
                h.createQuery(CREATE_ALL).bind("batch", batch)
                        .map((rs, ctx) -> Map.entry(rs.getInt("ord"), rs.getLong("id")))
                        .forEach(e -> { ids[e.getKey()] = e.getValue(); answered[0]++; });
                if (answered[0] != tasks.size())
                    throw new IllegalStateException("the batch create answered " + answered[0] + " event ids for " + tasks.size() + " tasks");
                return Optional.of(ids);
            } catch (StatementException e) {
                if (e.getCause() instanceof SQLException s && isRefusalOfTheData(s.getSQLState())) return Optional.empty();
                throw e;
            }
        });
    }

    /** The event id of the write, or empty on a conflict (version or lease): nothing written. */
    Optional<Long> update(TaskUpdate update, VideoTask next) {
        VideoTaskRow row = VideoTaskRow.from(next);
        return db.call(h -> row.bindTo(h.createQuery(UPDATE))
                .bind("expectedVersion", update.change().expectedVersion())
                .bind("keepSchedule", update.next() instanceof NextWork.Keep)
                .bindByType("nextPollAt", dueAt(update.next()), Instant.class)
                .bindByType("worker", update.worker().orElse(null), String.class)
                .bind("payload", EventPayloads.write(next.view()))
                .bind("occurredAt", next.updatedAt())
                .mapTo(Long.class)
                .findOne());
    }

    /** By index in the list, the event id of each update written; the others met a conflict. One atomic statement. */
    Map<Integer, Long> updateAll(List<TaskUpdate> updates, List<VideoTask> next) {
        String batch = EventPayloads.batch(updates, next, TaskStatements::dueAt);
        return db.call(h -> {
            Map<Integer, Long> ids = new HashMap<>();
            h.createQuery(UPDATE_ALL).addCustomizer(Database.PLAN_EACH_TIME).bind("batch", batch)
                    .map((rs, ctx) -> Map.entry(rs.getInt("ord"), rs.getLong("id")))
                    .forEach(e -> ids.put(e.getKey(), e.getValue()));
            return ids;
        });
    }

    /**
     * Whether a batch statement failed because of what it wrote, not because the database is unreachable: a data
     * exception (class 22: one element's value), an integrity constraint (23: an existing task, a check), or a
     * rolled-back transaction (40: a deadlock with a writer that took the same rows in the opposite order).
     */
    static boolean isRefusalOfTheData(String sqlState) {
        return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("40"));
    }

    /** The event a write of {@code task} appended, as the statement numbered it. */
    static TaskEvent eventOf(VideoTask task, long id) {
        return new TaskEvent(id, task.owner(), task.view(), task.updatedAt());
    }

    /** next_poll_at for a schedule; Keep is handled by the statements ({@code keepSchedule}). */
    static Instant dueAt(NextWork next) {
        return switch (next) {
            case NextWork.At at -> Micros.truncate(at.at());
            case NextWork.None none -> null;
            case NextWork.Keep keep -> null;
        };
    }
}
