package io.sorarelay.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.AdminAccountsPort;
import io.sorarelay.application.port.out.AdminTasksPort;
import io.sorarelay.application.port.out.ApiKeyStorePort;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.ChannelStorePort;
import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.application.port.out.ReferenceImageStorePort;
import io.sorarelay.application.port.out.ResultArchivePort;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.WebhookDeliveryLogPort;
import io.sorarelay.application.port.out.WebhookEndpointStorePort;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.Optional;

/**
 * The PostgreSQL adapter: a connection pool (HikariCP), the schema (Flyway migrations from
 * {@code db/migration}) and the ports built on them. The bootstrap's one entry point:
 *
 * <pre>{@code
 * PostgresAdapter pg = PostgresAdapter.connect(PostgresConfig.fromUrl(System.getenv("DATABASE_URL")));
 * PostgresVideoTaskStore tasks = pg.videoTasks();   // load, list, save, claim, event log
 * UserAccountPort users = pg.userAccounts();
 * ...
 * pg.close();                                        // on shutdown
 * }</pre>
 *
 * Several processes may connect to the same database at once; every guarantee of the ports holds
 * across them.
 */
public final class PostgresAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresAdapter.class);

    private final HikariDataSource dataSource;
    private final CallWatchdog watchdog;
    private final Database db;
    private final PostgresVideoTaskStore videoTasks;
    private final PostgresUserAccounts userAccounts;
    private final PostgresReferenceImages referenceImages;
    private final PostgresWebhookDeliveryLog webhookDeliveries;
    private final PostgresApiKeys apiKeys;
    private final PostgresAdminAccounts adminAccounts;
    private final PostgresAdminTasks adminTasks;
    private final PostgresAuditLog auditLog;
    private final PostgresWebhookEndpoints webhookEndpoints;
    private final PostgresCreditLedger creditLedger;
    private final PostgresResultArchives resultArchives;

    private PostgresAdapter(HikariDataSource dataSource, Duration callTimeout) {
        this.dataSource = dataSource;
        this.watchdog = new CallWatchdog(callTimeout);
        this.db = new Database(jdbi(dataSource), dataSource, watchdog);
        BatchMetrics batchMetrics = new BatchMetrics();
        PostgresTaskQueries queries = new PostgresTaskQueries(db, batchMetrics);
        this.creditLedger = new PostgresCreditLedger(db);
        this.videoTasks = new PostgresVideoTaskStore(new PostgresTaskWriter(new TaskStatements(db), queries, creditLedger, batchMetrics), queries,
                new PostgresWorkQueue(db, batchMetrics), new PostgresEventLog(db), batchMetrics, new PostgresTaskCounts(db));
        this.userAccounts = new PostgresUserAccounts(db);
        this.referenceImages = new PostgresReferenceImages(db);
        this.webhookDeliveries = new PostgresWebhookDeliveryLog(db, batchMetrics);
        this.apiKeys = new PostgresApiKeys(db);
        this.adminAccounts = new PostgresAdminAccounts(db);
        this.adminTasks = new PostgresAdminTasks(db);
        this.auditLog = new PostgresAuditLog(db);
        this.webhookEndpoints = new PostgresWebhookEndpoints(db);
        this.resultArchives = new PostgresResultArchives(db);
    }

    /**
     * Opens the pool and, when {@link PostgresConfig#runMigrations()}, brings the schema up to date.
     * The pool itself starts even when the database is down (it reconnects by itself later), but
     * migrations need the database.
     *
     * @throws DependencyUnavailableException when migrations are asked for and the database cannot be reached
     */
    public static PostgresAdapter connect(PostgresConfig config) {
        HikariDataSource ds = new HikariDataSource(hikari(config));
        try {
            if (config.runMigrations()) migrate(ds, config.schema());
            return new PostgresAdapter(ds, config.callTimeout());
        } catch (RuntimeException e) {
            ds.close();
            throw DatabaseFailures.translate(e);
        }
    }

    /**
     * Tasks, the durable work queue and the per-owner event log, as one object playing every task-store role; it also
     * takes the metrics to which the adapter's combined batches are reported ({@link PostgresVideoTaskStore#reportBatchesTo}).
     */
    public PostgresVideoTaskStore videoTasks() { return videoTasks; }

    public UserAccountPort userAccounts() { return userAccounts; }

    public ReferenceImageStorePort referenceImages() { return referenceImages; }

    public WebhookDeliveryLogPort webhookDeliveries() { return webhookDeliveries; }

    public ApiKeyStorePort apiKeys() { return apiKeys; }

    /** Accounts as the admin API searches and changes them. */
    public AdminAccountsPort adminAccounts() { return adminAccounts; }

    /** Every user's tasks, for the admin API. */
    public AdminTasksPort adminTasks() { return adminTasks; }

    /** The channels the admin API manages, their credentials encrypted with {@code key}: {@link #channels(ChannelSecretsKey, Optional)}. */
    public ChannelStorePort channels(ChannelSecretsKey key) { return channels(key, Optional.empty()); }

    /**
     * The channels the admin API manages, shared by every node, their credentials encrypted with {@code key}. Opening it
     * encrypts under {@code key} the credentials still stored in clear and those stored under {@code previous} (a key
     * being rotated away from), and so checks that every stored one decrypts.
     *
     * @throws ChannelSecretsException naming the first channel whose stored credential decrypts under neither key
     */
    public ChannelStorePort channels(ChannelSecretsKey key, Optional<ChannelSecretsKey> previous) {
        PostgresChannelStore store = new PostgresChannelStore(db, new CredentialCipher(key, previous));
        int sealed = store.sealCredentials();
        if (sealed > 0) LOG.info("encrypted the stored credentials of {} channels under the current key", sealed);
        return store;
    }

    /** The admin actions' audit log. */
    public AuditLogPort auditLog() { return auditLog; }
    /** Our users' outbound webhook endpoints and their delivery outbox. */
    public WebhookEndpointStorePort webhookEndpoints() { return webhookEndpoints; }
    /** The credit ledger; the task store writes holds and settlements to it in the same transactions as the tasks. */
    public CreditLedgerPort creditLedger() { return creditLedger; }
    /** The archive of results copied into the results store (docs/results.md). */
    public ResultArchivePort resultArchives() { return resultArchives; }

    /** For readiness checks: true when a pooled connection answers a trivial query. */
    public boolean isReachable() {
        try {
            return db.call(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Closes the pool; the ports fail afterwards. */
    @Override
    public void close() {
        dataSource.close();
        watchdog.close();
    }

    private static HikariConfig hikari(PostgresConfig config) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("sora-postgres");
        h.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) h.setUsername(config.user());
        if (config.password() != null) h.setPassword(config.password());
        h.setMaximumPoolSize(config.poolSize());
        h.setMinimumIdle(Math.min(2, config.poolSize()));
        long timeoutMs = config.connectionTimeout().toMillis();
        h.setConnectionTimeout(timeoutMs);
        h.setValidationTimeout(Math.max(250, Math.min(1_000, timeoutMs / 2)));
        // Start (and let the application start) while the database is down; calls fail fast with
        // DependencyUnavailableException and the pool reconnects by itself when it is back.
        h.setInitializationFailTimeout(-1);
        h.addDataSourceProperty("currentSchema", config.schema());
        h.addDataSourceProperty("ApplicationName", "sora-relay");
        h.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, (timeoutMs + 999) / 1_000)));
        // No socketTimeout: a call on a black-holed connection (a network partition) is ended by the CallWatchdog instead,
        // which costs no timer per read (see there). Migrations are not watched: an index build may take what it needs.
        h.addDataSourceProperty("tcpKeepAlive", "true");
        return h;
    }

    private static void migrate(HikariDataSource ds, String schema) {
        var result = Flyway.configure()
                .dataSource(ds)
                .schemas(schema)
                .locations("classpath:db/migration")
                // Migration numbers are handed out per change, not in merge order: a lower one may arrive after a higher.
                .outOfOrder(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0)
            LOG.info("PostgreSQL schema {} migrated to version {} ({} migrations)", schema, result.targetSchemaVersion, result.migrationsExecuted);
    }

    static Jdbi jdbi(javax.sql.DataSource ds) {
        Jdbi jdbi = Jdbi.create(ds);
        jdbi.installPlugin(new PostgresPlugin());
        // Instants travel as timestamptz (OffsetDateTime in UTC), never through the JVM's time zone.
        jdbi.registerArgument(new InstantArgumentFactory());
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        });
        RowMapper<VideoTaskRow> taskRows = new LayoutCachedMapper<>(ConstructorMapper.of(canonicalConstructor(VideoTaskRow.class)));
        jdbi.registerRowMapper(VideoTaskRow.class, taskRows);
        jdbi.registerRowMapper(ClaimedTaskRow.class, new RowMapper<ClaimedTaskRow>() {
            @Override
            public ClaimedTaskRow map(ResultSet rs, StatementContext ctx) throws SQLException {
                return specialize(rs, ctx).map(rs, ctx);
            }

            /** Once per result set: the constructor mapper matches its columns once, not on every row. */
            @Override
            public RowMapper<ClaimedTaskRow> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
                RowMapper<VideoTaskRow> task = taskRows.specialize(rs, ctx);
                int failures = rs.findColumn("failures");
                int nextPollAt = rs.findColumn("next_poll_at");
                int submitChannel = rs.findColumn("submit_channel");
                return (r, c) -> new ClaimedTaskRow(task.map(r, c), r.getInt(failures), r.getObject(nextPollAt, OffsetDateTime.class).toInstant(),
                        r.getString(submitChannel));
            }
        });
        jdbi.registerRowMapper(TaskEventRow.class, new LayoutCachedMapper<>(ConstructorMapper.of(canonicalConstructor(TaskEventRow.class))));
        jdbi.registerRowMapper(ConstructorMapper.factory(canonicalConstructor(UserRow.class)));
        jdbi.registerRowMapper(ConstructorMapper.factory(canonicalConstructor(ApiKeyRow.class)));
        jdbi.registerRowMapper(ConstructorMapper.factory(canonicalConstructor(AuditRow.class)));
        return jdbi;
    }

    /** The row records are package-private: hand JDBI their constructors, opened for this package's use. */
    private static <T extends Record> Constructor<T> canonicalConstructor(Class<T> type) {
        try {
            Class<?>[] components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<T> c = type.getDeclaredConstructor(components);
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record always has its canonical constructor", e);
        }
    }

    private static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
        InstantArgumentFactory() {
            super(Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            OffsetDateTime utc = Micros.utc(value);
            return (position, statement, ctx) -> statement.setObject(position, utc);
        }
    }
}
