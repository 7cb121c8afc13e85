package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.credit.KeyBudget;
import io.sorarelay.domain.credit.Settlement;
import io.sorarelay.domain.Credits;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.StatementException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The four task writes, each ONE statement (with a task's hold or settlement, one transaction) (data-modifying CTEs, in {@code TaskStatements/*.sql}): atomic in
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
        return db.jdbc(c -> {
            try {
                return Optional.of(insertNew(c, task, firstWork));
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) return Optional.empty();
                throw e;
            }
        });
    }

    /** What {@link #createHeld} did: stored the task (its first event id), found it there already, or refused it. */
    sealed interface HeldCreate {
        record Created(long eventId) implements HeldCreate {}
        record Exists() implements HeldCreate {}
        record Refused() implements HeldCreate {}
        /** The key's budget would be passed: {@code used} is what its tasks held and spent (nothing written). */
        record OverKeyBudget(Credits used) implements HeldCreate {}
    }

    /**
     * A task with a cost: its HOLD and then the task, in one transaction (the hold takes the owner's balance row lock
     * first, see {@code PostgresCreditLedger/lock-balances.sql}). Refused (nothing written) when the owner has fewer
     * credits available than the cost; an existing task (a replay) rolls the hold back with the insert.
     */
    HeldCreate createHeld(VideoTask task, NextWork firstWork, Optional<KeyBudget> budget) {
        try {
            return db.inTransaction(h -> {
                try {
                    if (!PostgresCreditLedger.hold(h, task.owner(), task.id(), task.cost(), budget.map(KeyBudget::key)))
                        return new HeldCreate.Refused();
                } catch (StatementException e) {
                    // The task's hold is there: the task is (a create of the same video id again).
                    if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) throw new TaskExists();
                    throw e;
                }
                if (budget.isPresent() && !PostgresCreditLedger.spendFromKey(h, budget.get(), task.cost()))
                    throw new OverBudget(PostgresCreditLedger.keyUsed(h, budget.get().key()));
                try {
                    return new HeldCreate.Created(insertNew(h.getConnection(), task, firstWork));
                } catch (SQLException e) {
                    if (UNIQUE_VIOLATION.equals(e.getSQLState())) throw new TaskExists();
                    throw new IllegalStateException("database call failed: " + e.getMessage(), e);
                }
            });
        } catch (TaskExists e) {
            return new HeldCreate.Exists();
        } catch (OverBudget e) {
            return new HeldCreate.OverKeyBudget(e.used);
        }
    }

    /** Rolls a held create back when the key's budget does not fit the task. */
    private static final class OverBudget extends RuntimeException {
        final Credits used;

        OverBudget(Credits used) {
            super(null, null, false, false);
            this.used = used;
        }
    }

    /** Rolls a held create back when the task is there already. */
    private static final class TaskExists extends RuntimeException {
        TaskExists() { super(null, null, false, false); }
    }

    private static long insertNew(Connection c, VideoTask task, NextWork firstWork) throws SQLException {
        VideoTaskRow row = VideoTaskRow.from(task);
        try (PreparedStatement ps = c.prepareStatement(CREATE)) {
            row.setNewTask(ps);
            int i = VideoTaskRow.NEW_TASK_COLUMN_COUNT;
            VideoTaskRow.setInstant(ps, ++i, dueAt(firstWork));
            ps.setString(++i, EventPayloads.write(task.view()));
            VideoTaskRow.setInstant(ps, ++i, task.updatedAt());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("the create statement answered no event id");
                return rs.getLong(1);
            }
        }
    }

    /**
     * Every new task's first event id, in order; or empty if the database refused the batch's data (a task that exists
     * already, a value it rejects, a deadlock with another writer): then nothing was written.
     */
    Optional<long[]> createAll(List<VideoTask> tasks, List<NextWork> firstWork) {
        return db.call(h -> {
            try {
                return Optional.of(createAll(h, tasks, firstWork));
            } catch (StatementException e) {
                if (e.getCause() instanceof SQLException s && isRefusalOfTheData(s.getSQLState())) return Optional.empty();
                throw e;
            }
        });
    }

    private static long[] createAll(Handle h, List<VideoTask> tasks, List<NextWork> firstWork) {
        String batch = EventPayloads.newTasks(tasks, firstWork.stream().map(TaskStatements::dueAt).toList());
        long[] ids = new long[tasks.size()];
        int[] answered = {0};
        h.createQuery(CREATE_ALL).bind("batch", batch)
                .map((rs, ctx) -> Map.entry(rs.getInt("ord"), rs.getLong("id")))
                .forEach(e -> { ids[e.getKey()] = e.getValue(); answered[0]++; });
        if (answered[0] != tasks.size())
            throw new IllegalStateException("the batch create answered " + answered[0] + " event ids for " + tasks.size() + " tasks");
        return ids;
    }

    /**
     * {@link #createAll} for a batch where some tasks have a cost: one transaction that locks the owners' balance rows
     * (in user order, before any task row), holds the costs in one statement ({@code hold-all.sql}) and inserts the tasks
     * with the batch statement. By index, the first event id of every task stored; a task whose hold did not fit is not
     * stored, nor is any later task of its owner (so one owner's events keep the list's order): the caller creates those
     * one by one, where each is held or refused on its own. Empty if the database refused the batch's data (an existing
     * task, a value it rejects, a deadlock): then nothing was written, holds included.
     */
    Optional<Map<Integer, Long>> createAllHeld(List<VideoTask> tasks, List<NextWork> firstWork) {
        try {
            return Optional.of(db.inTransaction(h -> {
                try {
                    return heldBatch(h, tasks, firstWork);
                } catch (StatementException e) {
                    if (e.getCause() instanceof SQLException s && isRefusalOfTheData(s.getSQLState())) throw new BatchRefused();
                    throw e;
                }
            }));
        } catch (BatchRefused e) {
            return Optional.empty();
        }
    }

    private static Map<Integer, Long> heldBatch(Handle h, List<VideoTask> tasks, List<NextWork> firstWork) {
        List<Integer> costed = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) if (tasks.get(i).cost().value() > 0) costed.add(i);
        List<VideoTask> costedTasks = costed.stream().map(tasks::get).toList();
        PostgresCreditLedger.lockBalances(h, costedTasks.stream().map(VideoTask::owner).toList());
        Set<Integer> held = PostgresCreditLedger.holdAll(h, costedTasks).stream().map(costed::get).collect(Collectors.toSet());
        Set<UserId> stopped = new HashSet<>();
        List<Integer> stored = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            VideoTask t = tasks.get(i);
            if (held.contains(i) && stopped.contains(t.owner()))
                throw new IllegalStateException("task " + t.id() + " was held after an earlier task of its owner was not");
            if ((t.cost().value() > 0 && !held.contains(i)) || stopped.contains(t.owner())) stopped.add(t.owner());
            else stored.add(i);
        }
        Map<Integer, Long> ids = new HashMap<>();
        if (stored.isEmpty()) return ids;
        long[] eventIds = createAll(h, stored.stream().map(tasks::get).toList(), stored.stream().map(firstWork::get).toList());
        for (int j = 0; j < stored.size(); j++) ids.put(stored.get(j), eventIds[j]);
        return ids;
    }

    /** Rolls a held batch back (its holds with it) when the database refuses its data. */
    private static final class BatchRefused extends RuntimeException {
        BatchRefused() { super(null, null, false, false); }
    }

    /**
     * The event id of the write, or empty on a conflict (version or lease): nothing written. A change that settles the
     * task's cost (a capture or a release) is written in one transaction with its ledger line, the owner's balance row
     * locked first.
     */
    Optional<Long> update(TaskUpdate update, VideoTask next) {
        Settlement settlement = settlement(update);
        if (settlement instanceof Settlement.NoChange) return db.call(h -> update(h, update, next));
        return db.inTransaction(h -> {
            PostgresCreditLedger.lockBalances(h, List.of(next.owner()));
            Optional<Long> id = update(h, update, next);
            if (id.isPresent()) PostgresCreditLedger.settle(h, next.owner(), next.id(), settlement);
            return id;
        });
    }

    private static Optional<Long> update(Handle h, TaskUpdate update, VideoTask next) {
        VideoTaskRow row = VideoTaskRow.from(next);
        return row.bindTo(h.createQuery(UPDATE))
                .bind("expectedVersion", update.change().expectedVersion())
                .bind("keepSchedule", update.next() instanceof NextWork.Keep)
                .bindByType("nextPollAt", dueAt(update.next()), Instant.class)
                .bindByType("worker", update.worker().orElse(null), String.class)
                .bind("payload", EventPayloads.write(next.view()))
                .bind("occurredAt", next.updatedAt())
                .mapTo(Long.class)
                .findOne();
    }

    /**
     * By index in the list, the event id of each update written; the others met a conflict. One atomic statement; when
     * some of the changes settle a cost, one transaction: the owners' balance rows locked first, then the statement,
     * then the ledger lines of the changes written.
     */
    Map<Integer, Long> updateAll(List<TaskUpdate> updates, List<VideoTask> next) {
        List<Settlement> settlements = updates.stream().map(TaskStatements::settlement).toList();
        if (settlements.stream().allMatch(s -> s instanceof Settlement.NoChange)) return db.call(h -> updateAll(h, updates, next));
        return db.inTransaction(h -> {
            List<UserId> owners = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) if (!(settlements.get(i) instanceof Settlement.NoChange)) owners.add(next.get(i).owner());
            PostgresCreditLedger.lockBalances(h, owners);
            Map<Integer, Long> ids = updateAll(h, updates, next);
            for (int i = 0; i < updates.size(); i++)
                if (ids.containsKey(i)) PostgresCreditLedger.settle(h, next.get(i).owner(), next.get(i).id(), settlements.get(i));
            return ids;
        });
    }

    private static Map<Integer, Long> updateAll(Handle h, List<TaskUpdate> updates, List<VideoTask> next) {
        String batch = EventPayloads.batch(updates, next, TaskStatements::dueAt);
        Map<Integer, Long> ids = new HashMap<>();
        h.createQuery(UPDATE_ALL).addCustomizer(Database.PLAN_EACH_TIME).bind("batch", batch)
                .map((rs, ctx) -> Map.entry(rs.getInt("ord"), rs.getLong("id")))
                .forEach(e -> ids.put(e.getKey(), e.getValue()));
        return ids;
    }

    /** What the change does with the task's cost; free tasks skip the domain's decision (the fast path). */
    private static Settlement settlement(TaskUpdate update) {
        if (update.change().next().cost().value() == 0) return new Settlement.NoChange();
        return Settlement.of(update.change());
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
