package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

import java.time.Instant;
import java.util.List;

/**
 * Each owner's event log: replay after an id, the last id, and pruning by age. The task writes append to it in
 * their own statements ({@link TaskStatements}); this class only reads and prunes. Statements in
 * {@code PostgresEventLog/*.sql}.
 */
final class PostgresEventLog implements TaskEventLogPort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String EVENTS_AFTER = SQL.locate(PostgresEventLog.class, "events-after");
    private static final String LAST_EVENT_ID = SQL.locate(PostgresEventLog.class, "last-event-id");
    private static final String PRUNE_BEFORE = SQL.locate(PostgresEventLog.class, "prune-before");

    private final Database db;

    PostgresEventLog(Database db) {
        this.db = db;
    }

    @Override
    public Replay eventsAfter(UserId owner, long afterId, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        List<TaskEventRow> rows = db.call(h -> h.createQuery(EVENTS_AFTER).addCustomizer(Database.PLAN_EACH_TIME)
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
        return db.call(h -> h.createQuery(LAST_EVENT_ID)
                .bind("owner", owner.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    @Override
    public int pruneBefore(Instant cutoff) {
        return db.call(h -> h.createQuery(PRUNE_BEFORE)
                .bind("cutoff", Micros.truncate(cutoff))
                .mapTo(Long.class)
                .one()).intValue();
    }
}
