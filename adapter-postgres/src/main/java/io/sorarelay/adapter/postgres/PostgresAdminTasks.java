package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.AdminTasksPort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Every user's tasks for the admin API: filtered pages and usage totals (with their credits from the ledger). Statements in {@code PostgresAdminTasks/*.sql}. */
final class PostgresAdminTasks implements AdminTasksPort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String LIST_ALL = SQL.locate(PostgresAdminTasks.class, "list-all");
    private static final String USAGE = SQL.locate(PostgresAdminTasks.class, "usage");

    private final Database db;

    PostgresAdminTasks(Database db) { this.db = db; }

    @Override
    public List<VideoTask> listAll(Query q) {
        return db.call(h -> PostgresTaskQueries.tasks(h.createQuery(LIST_ALL).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("status", q.status().map(Enum::name).orElse(null))
                .bind("owner", q.owner().map(UserId::value).orElse(null))
                .bind("model", q.model().orElse(null))
                .bind("channel", q.channel().orElse(null))
                .bindByType("createdBefore", q.createdBefore().map(Micros::truncate).orElse(null), Instant.class)
                .bind("offset", q.offset()).bind("limit", q.limit())));
    }

    @Override
    public List<UsageRow> usage(Instant from, Instant to, GroupBy groupBy) {
        return db.call(h -> h.createQuery(USAGE)
                .bind("groupBy", groupBy.name().toLowerCase(Locale.ROOT))
                .bindByType("from", Micros.truncate(from), Instant.class).bindByType("to", Micros.truncate(to), Instant.class)
                .map((rs, ctx) -> new UsageRow(rs.getString("key"), rs.getLong("tasks"), rs.getLong("completed"), rs.getLong("failed"),
                        rs.getLong("seconds"), rs.getLong("charged"), rs.getLong("held"), rs.getLong("released")))
                .list());
    }
}
