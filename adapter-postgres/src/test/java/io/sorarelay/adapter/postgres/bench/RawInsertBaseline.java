package io.sorarelay.adapter.postgres.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.domain.VideoTask;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The benchmarks' baseline: a raw single-row INSERT into a copy of {@code video_tasks} (same columns
 * and indexes) through a pool like the adapter's. Used by the store bench and the HTTP bench.
 */
public final class RawInsertBaseline implements AutoCloseable {
    private static final String RAW_INSERT = """
            INSERT INTO bench_raw_tasks (video_id, owner, client_request_id, provider, type, prompt, model, seconds, size,
                fingerprint, status, progress, created_at, updated_at, progress_at, deadline_at, version, next_poll_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final HikariDataSource pool;

    private RawInsertBaseline(HikariDataSource pool) { this.pool = pool; }

    /** A pool with the config's size in the config's schema (migrated already), and the copy of the table. */
    public static RawInsertBaseline create(PostgresConfig config) throws Exception {
        HikariConfig h = new HikariConfig();
        h.setPoolName("bench-raw");
        h.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) h.setUsername(config.user());
        if (config.password() != null) h.setPassword(config.password());
        h.setMaximumPoolSize(config.poolSize());
        h.setMinimumIdle(2);
        h.setConnectionTimeout(30_000);
        h.addDataSourceProperty("currentSchema", config.schema());
        h.addDataSourceProperty("tcpKeepAlive", "true");
        HikariDataSource pool = new HikariDataSource(h);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_raw_tasks (LIKE video_tasks INCLUDING ALL)");
        }
        return new RawInsertBaseline(pool);
    }

    public void insert(VideoTask t) throws Exception {
        OffsetDateTime at = OffsetDateTime.ofInstant(t.createdAt(), ZoneOffset.UTC);
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(RAW_INSERT)) {
            ps.setString(1, t.id().value());
            ps.setString(2, t.owner().value());
            ps.setString(3, t.clientRequestId().orElseThrow().value());
            ps.setString(4, t.request().provider());
            ps.setString(5, t.lineage().type().wireName());
            ps.setString(6, t.request().prompt().value());
            ps.setString(7, t.request().spec().model());
            ps.setString(8, t.request().spec().seconds());
            ps.setString(9, t.request().spec().size());
            ps.setString(10, t.fingerprint().value());
            ps.setString(11, t.status().name());
            ps.setInt(12, t.progress());
            ps.setObject(13, at);
            ps.setObject(14, at);
            ps.setObject(15, at);
            ps.setObject(16, OffsetDateTime.ofInstant(t.deadlineAt(), ZoneOffset.UTC));
            ps.setLong(17, t.version());
            ps.setObject(18, at);
            ps.executeUpdate();
        }
    }

    /** {@code SELECT 1} on the same pool: a round trip to PostgreSQL with no write and no commit to wait for. */
    public void selectOne() throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            ps.executeQuery().close();
        }
    }

    /** The database's WAL position in bytes: the difference over a step is what its writes logged. */
    public long walBytes() throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT pg_current_wal_lsn() - '0/0'");
             java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A raw single-row UPDATE of a row inserted before (the engine benchmark's baseline). */
    public void touch(String videoId) throws Exception {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE bench_raw_tasks SET progress = (progress + 1) % 100, updated_at = now() WHERE video_id = ?")) {
            ps.setString(1, videoId);
            ps.executeUpdate();
        }
    }

    /** A fresh task of {@code owner} with a client request id, as the benches create them. */
    public static VideoTask task(io.sorarelay.domain.UserId owner) { return PostgresStoreBench.task(owner); }

    @Override public void close() { pool.close(); }
}
