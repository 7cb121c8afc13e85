package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;

import java.util.Optional;
import java.util.OptionalLong;

/** Accounts in {@code users}; the username is unique case-insensitively (a unique index on lower(username)). */
final class PostgresUserAccounts implements UserAccountPort {
    private static final String INSERT = """
            INSERT INTO users (id, username, password_hash, admin, created_at, token_version, disabled)
            VALUES (:id, :username, :passwordHash, :admin, :createdAt, :tokenVersion, :disabled)
            ON CONFLICT DO NOTHING
            RETURNING id, username, password_hash, admin, created_at, token_version, disabled""";
    private static final String BY_USERNAME = """
            SELECT id, username, password_hash, admin, created_at, token_version, disabled FROM users WHERE lower(username) = lower(:username)""";
    private static final String BY_ID = """
            SELECT id, username, password_hash, admin, created_at, token_version, disabled FROM users WHERE id = :id""";
    private static final String RAISE_TOKEN_VERSION = """
            UPDATE users SET token_version = token_version + 1 WHERE id = :id RETURNING token_version""";
    private static final String DISABLE = """
            UPDATE users SET token_version = token_version + 1, disabled = true WHERE id = :id""";

    private final Database db;

    PostgresUserAccounts(Database db) {
        this.db = db;
    }

    /**
     * Empty when the username (any case) or the id is taken: the insert then does nothing. With a grant, the account
     * and its GRANT (and balance row) are one transaction: a taken username writes no grant, a failed grant rolls the
     * account back.
     */
    @Override
    public Optional<UserAccount> create(UserAccount account, Credits grant) {
        UserRow row = UserRow.from(account);
        if (grant.value() == 0) return db.call(h -> row.bindTo(h.createQuery(INSERT)).mapTo(UserRow.class).findOne().map(UserRow::toDomain));
        return db.inTransaction(h -> {
            Optional<UserAccount> created = row.bindTo(h.createQuery(INSERT)).mapTo(UserRow.class).findOne().map(UserRow::toDomain);
            created.ifPresent(a -> PostgresCreditLedger.grant(h, a.id(), grant));
            return created;
        });
    }

    @Override
    public Optional<UserAccount> findByUsername(Username username) {
        return db.call(h -> h.createQuery(BY_USERNAME).bind("username", username.value())
                .mapTo(UserRow.class).findOne().map(UserRow::toDomain));
    }

    @Override
    public Optional<UserAccount> findById(UserId id) {
        return db.call(h -> h.createQuery(BY_ID).bind("id", id.value())
                .mapTo(UserRow.class).findOne().map(UserRow::toDomain));
    }

    @Override
    public OptionalLong raiseTokenVersion(UserId id) {
        Optional<Long> v = db.call(h -> h.createQuery(RAISE_TOKEN_VERSION).bind("id", id.value()).mapTo(Long.class).findOne());
        return v.map(OptionalLong::of).orElseGet(OptionalLong::empty);
    }

    @Override
    public boolean disable(UserId id) {
        return db.call(h -> h.createUpdate(DISABLE).bind("id", id.value()).execute()) == 1;
    }
}
