package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.AdminAccountsPort;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.UserId;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The admin's reads and changes of {@code users}. Statements in {@code PostgresAdminAccounts/*.sql}. */
final class PostgresAdminAccounts implements AdminAccountsPort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String SEARCH = SQL.locate(PostgresAdminAccounts.class, "search");
    private static final String SET_ADMIN = SQL.locate(PostgresAdminAccounts.class, "set-admin");
    private static final String ENABLE = SQL.locate(PostgresAdminAccounts.class, "enable");

    private final Database db;

    PostgresAdminAccounts(Database db) { this.db = db; }

    @Override
    public List<UserAccount> search(Search s) {
        String part = s.usernameContains().map(q -> q.toLowerCase(Locale.ROOT)).orElse("");
        return db.call(h -> h.createQuery(SEARCH).bind("part", part).bind("offset", s.offset()).bind("limit", s.limit())
                .mapTo(UserRow.class).stream().map(UserRow::toDomain).toList());
    }

    @Override
    public Optional<UserAccount> setAdmin(UserId id, boolean admin) {
        return db.call(h -> h.createQuery(SET_ADMIN).bind("id", id.value()).bind("admin", admin)
                .mapTo(UserRow.class).findOne().map(UserRow::toDomain));
    }

    @Override
    public Optional<UserAccount> enable(UserId id) {
        return db.call(h -> h.createQuery(ENABLE).bind("id", id.value()).mapTo(UserRow.class).findOne().map(UserRow::toDomain));
    }
}
