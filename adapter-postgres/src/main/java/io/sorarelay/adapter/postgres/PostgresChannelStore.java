package io.sorarelay.adapter.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.application.port.out.ChannelStorePort;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The channels in {@code channels} (V14), credentials encrypted with a {@link CredentialCipher} (V20). Rows still in
 * clear (written before V20, or by an older node during an upgrade) read as they are until {@link #sealCredentials}
 * encrypts them, at each node's start. The store's revision is the sum of the rows' versions: every write gives a
 * row a version larger than any before, so the sum grows with every committed write, in whatever order concurrent
 * writes commit (a maximum would not: a write that took its version first may commit last).
 */
final class PostgresChannelStore implements ChannelStorePort {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, name, provider, base_url, credential_source, credential, models, priority, weight, "
            + "max_concurrent, max_requests_per_second, enabled, deleted, version, updated_at, credential_encrypted";
    private static final String INSERT = "INSERT INTO channels (id, name, provider, base_url, credential_source, credential, models, "
            + "priority, weight, max_concurrent, max_requests_per_second, enabled, updated_at, credential_encrypted) VALUES (:id, :name, :provider, :baseUrl, "
            + ":source, :credential, CAST(:models AS jsonb), :priority, :weight, :maxConcurrent, :rate, :enabled, :at, true) "
            + "ON CONFLICT (id) DO NOTHING RETURNING " + COLUMNS;
    private static final String REPLACE = "UPDATE channels SET name = :name, provider = :provider, base_url = :baseUrl, "
            + "credential_source = :source, credential = :credential, credential_encrypted = true, models = CAST(:models AS jsonb), priority = :priority, "
            + "weight = :weight, max_concurrent = :maxConcurrent, max_requests_per_second = :rate, enabled = :enabled, "
            + "deleted = :deleted, version = nextval('channel_versions'), updated_at = :at WHERE id = :id AND version = :expected "
            + "RETURNING " + COLUMNS;

    private final RowMapper<StoredChannel> row = this::read;

    private final Database db;
    private final CredentialCipher cipher;

    PostgresChannelStore(Database db, CredentialCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    private StoredChannel read(ResultSet rs, StatementContext ctx) throws SQLException {
        ChannelId id = new ChannelId(rs.getString("id"));
        String credential = rs.getBoolean("credential_encrypted") ? cipher.open(id, rs.getString("credential")) : rs.getString("credential");
        return new StoredChannel(new Channel(id, rs.getString("name"),
                ProviderKind.fromWireName(rs.getString("provider")).orElseThrow(), rs.getString("base_url"),
                new ChannelSecret(rs.getString("credential_source"), credential), models(rs.getString("models")),
                rs.getInt("priority"), rs.getInt("weight"), rs.getInt("max_concurrent"), rs.getInt("max_requests_per_second"),
                rs.getBoolean("enabled")),
                rs.getLong("version"), rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getBoolean("deleted"));
    }

    /**
     * Encrypts under the current key the credentials still stored in clear and those stored under the previous key, in
     * place (the channels' versions stay: they did not change). Every stored credential is decrypted on the way: a key
     * that is not the one they were encrypted with fails here, at start, rather than on a channel's first call.
     *
     * @return how many were written again
     * @throws ChannelSecretsException naming the first channel whose credential does not decrypt
     */
    int sealCredentials() {
        return db.inTransaction(h -> {
            int written = 0;
            for (Map<String, Object> r : h.createQuery("SELECT id, credential, credential_encrypted FROM channels ORDER BY id FOR UPDATE")
                    .mapToMap().list()) {
                ChannelId id = new ChannelId((String) r.get("id"));
                String stored = (String) r.get("credential");
                boolean encrypted = (Boolean) r.get("credential_encrypted");
                if (encrypted && cipher.isCurrent(id, stored)) continue;
                String clear = encrypted ? cipher.open(id, stored) : stored;
                h.createUpdate("UPDATE channels SET credential = :credential, credential_encrypted = true WHERE id = :id")
                        .bind("credential", cipher.seal(id, clear)).bind("id", id.value()).execute();
                written++;
            }
            return written;
        });
    }

    @Override
    public List<StoredChannel> list() {
        return db.call(h -> h.createQuery("SELECT " + COLUMNS + " FROM channels ORDER BY id").map(row).list());
    }

    @Override
    public Optional<StoredChannel> find(ChannelId id) {
        return db.call(h -> h.createQuery("SELECT " + COLUMNS + " FROM channels WHERE id = :id").bind("id", id.value()).map(row).findOne());
    }

    @Override
    public boolean seedIfEmpty(List<Channel> channels, Instant at) {
        return db.inTransaction(h -> {
            // Nodes starting together: the first to take the lock seeds, the others then find rows.
            h.execute("LOCK TABLE channels IN SHARE ROW EXCLUSIVE MODE");
            if (h.createQuery("SELECT count(*) FROM channels").mapTo(Long.class).one() > 0) return false;
            for (Channel c : channels)
                if (insert(h, c, at).isEmpty()) throw new IllegalArgumentException("channel " + c.id() + " twice");
            return true;
        });
    }

    @Override
    public Optional<StoredChannel> create(Channel channel, Instant at) { return db.call(h -> insert(h, channel, at)); }

    @Override
    public Optional<StoredChannel> replace(Channel channel, long expectedVersion, boolean deleted, Instant at) {
        return db.call(h -> bindChannel(h.createQuery(REPLACE), channel, at).bind("deleted", deleted).bind("expected", expectedVersion)
                .map(row).findOne());
    }

    @Override
    public long revision() {
        return db.call(h -> h.createQuery("SELECT coalesce(sum(version), 0)::bigint FROM channels").mapTo(Long.class).one());
    }

    private Optional<StoredChannel> insert(Handle h, Channel c, Instant at) {
        return bindChannel(h.createQuery(INSERT), c, at).map(row).findOne();
    }

    private <S extends SqlStatement<S>> S bindChannel(S s, Channel c, Instant at) {
        return s.bind("id", c.id().value()).bind("name", c.name()).bind("provider", c.provider().wireName()).bind("baseUrl", c.baseUrl())
                .bind("source", c.credential().source()).bind("credential", cipher.seal(c.id(), c.credential().reveal())).bind("models", json(c.models()))
                .bind("priority", c.priority()).bind("weight", c.weight()).bind("maxConcurrent", c.maxConcurrent())
                .bind("rate", c.maxRequestsPerSecond()).bind("enabled", c.enabled()).bindByType("at", Micros.truncate(at), Instant.class);
    }

    private static String json(Map<String, String> models) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(models));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("models cannot be written as JSON", e);
        }
    }

    private static Map<String, String> models(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored channel's models are not JSON", e);
        }
    }
}
