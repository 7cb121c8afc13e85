package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.TaskCountsPort;
import io.sorarelay.domain.TaskStatus;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** The operators' task counts in one statement ({@code PostgresTaskCounts/counts.sql}). */
final class PostgresTaskCounts implements TaskCountsPort {
    private static final String COUNTS = ClasspathSqlLocator.removingComments().locate(PostgresTaskCounts.class, "counts");

    private record CountRow(TaskStatus status, long n, long submitted, long due) {}

    private final Database db;

    PostgresTaskCounts(Database db) { this.db = db; }

    @Override
    public TaskCounts counts(Instant now) {
        return db.call(h -> {
            Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
            long submitted = 0, due = 0;
            for (CountRow r : h.createQuery(COUNTS).bind("now", Micros.truncate(now))
                    .map((rs, ctx) -> new CountRow(TaskStatus.valueOf(rs.getString("status")), rs.getLong("n"),
                            rs.getLong("submitted"), rs.getLong("due")))
                    .list()) {
                byStatus.put(r.status(), r.n());
                submitted += r.submitted();
                due += r.due();
            }
            return new TaskCounts(byStatus, submitted, due);
        });
    }
}
