package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ApiKeyStorePort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.apikey.ApiKeyId;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys in {@code api_keys}, looked up by the secret's hash (unique). Statements in {@code PostgresApiKeys/*.sql}. */
final class PostgresApiKeys implements ApiKeyStorePort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String INSERT = SQL.locate(PostgresApiKeys.class, "insert");
    private static final String FIND_BY_HASH = SQL.locate(PostgresApiKeys.class, "find-by-hash");
    private static final String LIST_BY_OWNER = SQL.locate(PostgresApiKeys.class, "list-by-owner");
    private static final String REVOKE = SQL.locate(PostgresApiKeys.class, "revoke");
    private static final String TOUCH = SQL.locate(PostgresApiKeys.class, "touch");

    private final Database db;

    PostgresApiKeys(Database db) {
        this.db = db;
    }

    @Override
    public void create(StoredApiKey key) {
        ApiKeyRow row = ApiKeyRow.from(key);
        db.call(h -> row.bindTo(h.createUpdate(INSERT)).execute());
    }

    @Override
    public Optional<StoredApiKey> findByHash(String hash) {
        return db.call(h -> h.createQuery(FIND_BY_HASH).bind("keyHash", hash).mapTo(ApiKeyRow.class).findOne().map(ApiKeyRow::toDomain));
    }

    @Override
    public List<StoredApiKey> listByOwner(UserId owner) {
        return db.call(h -> h.createQuery(LIST_BY_OWNER).bind("userId", owner.value()).mapTo(ApiKeyRow.class)
                .stream().map(ApiKeyRow::toDomain).toList());
    }

    @Override
    public Optional<StoredApiKey> revoke(UserId owner, ApiKeyId id, Instant at) {
        return db.call(h -> h.createQuery(REVOKE).bind("id", id.value()).bind("userId", owner.value())
                .bindByType("at", Micros.truncate(at), Instant.class).mapTo(ApiKeyRow.class).findOne().map(ApiKeyRow::toDomain));
    }

    @Override
    public void touch(ApiKeyId id, Instant at) {
        db.call(h -> h.createUpdate(TOUCH).bind("id", id.value()).bindByType("at", Micros.truncate(at), Instant.class).execute());
    }
}
