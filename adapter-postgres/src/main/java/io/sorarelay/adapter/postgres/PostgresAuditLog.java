package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.AuditEntry;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

import java.time.Instant;
import java.util.List;

/** The audit log in {@code admin_audit_log}, which a trigger keeps append-only. Statements in {@code PostgresAuditLog/*.sql}. */
final class PostgresAuditLog implements AuditLogPort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String APPEND = SQL.locate(PostgresAuditLog.class, "append");
    private static final String LIST = SQL.locate(PostgresAuditLog.class, "list");

    private final Database db;

    PostgresAuditLog(Database db) { this.db = db; }

    @Override
    public AuditEntry append(AuditEntry.Draft e) {
        AuditEntry.Draft stored = new AuditEntry.Draft(Micros.truncate(e.at()), e.actor(), e.action(), e.target(), e.before(), e.after(),
                e.reason());
        long id = db.call(h -> h.createQuery(APPEND).bindByType("at", stored.at(), Instant.class).bind("actor", e.actor().value())
                .bind("action", e.action()).bind("target", e.target()).bind("before", e.before()).bind("after", e.after())
                .bind("reason", e.reason()).mapTo(Long.class).one());
        return stored.withId(id);
    }

    @Override
    public List<AuditEntry> list(Query q) {
        return db.call(h -> h.createQuery(LIST).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("actor", q.actor().map(UserId::value).orElse(null)).bind("target", q.target().orElse(null))
                .bind("offset", q.offset()).bind("limit", q.limit())
                .mapTo(AuditRow.class).stream().map(AuditRow::toDomain).toList());
    }
}
