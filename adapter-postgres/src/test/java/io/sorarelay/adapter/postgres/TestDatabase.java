package io.sorarelay.adapter.postgres;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL the tests run against, isolated per test run: a fresh database
 * {@code sora_test_<random>} is created on first use and dropped when the JVM exits; each test
 * class (or contract instance) gets its own schema in it.
 *
 * <p>Where: {@code SORA_TEST_DATABASE_URL} (any form {@link PostgresConfig#fromUrl} reads), else
 * the libpq variables PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE (default 127.0.0.1:5432, user
 * postgres, database postgres). If that server cannot be reached, a Testcontainers PostgreSQL is
 * started when Docker is usable. Otherwise the tests abort with the reason — except under
 * {@code CI=true}, where they fail: a CI run must never pass by skipping the database.
 */
public final class TestDatabase {
    private static TestDatabase instance;

    private final String serverUrl;   // jdbc:postgresql://host:port/
    private final String user;
    private final String password;
    private final String database;

    private TestDatabase(String serverUrl, String user, String password, String database) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) instance = start();
        return instance;
    }

    /** A config for a new, empty schema of this run's database (migrated on connect). */
    public PostgresConfig newSchemaConfig() {
        String schema = "s_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new PostgresConfig(jdbcUrl(), user, password, 8, true, schema, Duration.ofSeconds(5));
    }

    /** An adapter on a new, empty, migrated schema. */
    public PostgresAdapter newAdapter() {
        return PostgresAdapter.connect(newSchemaConfig());
    }

    public String jdbcUrl() { return serverUrl + database; }

    public String host() { return java.net.URI.create(serverUrl.substring("jdbc:".length())).getHost(); }

    public int port() {
        int p = java.net.URI.create(serverUrl.substring("jdbc:".length())).getPort();
        return p < 0 ? 5432 : p;
    }

    public String user() { return user; }

    public String password() { return password; }

    public String database() { return database; }

    /** A plain JDBC connection to this run's database (for checks in SQL). */
    public Connection connect(String schema) throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl() + "?currentSchema=" + schema, props());
        return c;
    }

    private Properties props() {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("connectTimeout", "5");
        return p;
    }

    private static TestDatabase start() {
        Target t = target();
        String failure;
        try {
            return create(t.serverUrl(), t.user(), t.password(), t.adminDatabase());
        } catch (SQLException e) {
            failure = "PostgreSQL is not reachable at " + t.serverUrl() + t.adminDatabase() + " as " + t.user() + ": " + e.getMessage();
        }
        if (dockerUsable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            String url = container.getJdbcUrl();
            String server = url.substring(0, url.indexOf('/', "jdbc:postgresql://".length()) + 1);
            try {
                return create(server, container.getUsername(), container.getPassword(), container.getDatabaseName());
            } catch (SQLException e) {
                throw new IllegalStateException("the Testcontainers PostgreSQL did not accept the test database", e);
            }
        }
        String hint = failure + ". Start one, or set SORA_TEST_DATABASE_URL (or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE).";
        if ("true".equalsIgnoreCase(System.getenv("CI")))
            throw new IllegalStateException("CI=true and " + hint);
        Assumptions.abort(hint);
        throw new AssertionError("unreachable");
    }

    private static boolean dockerUsable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static TestDatabase create(String serverUrl, String user, String password, String adminDatabase) throws SQLException {
        String name = "sora_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        TestDatabase db = new TestDatabase(serverUrl, user, password, name);
        try (Connection c = DriverManager.getConnection(serverUrl + adminDatabase, db.props()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(serverUrl + adminDatabase, db.props()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        }, "drop-" + name));
        return db;
    }

    private record Target(String serverUrl, String user, String password, String adminDatabase) {}

    private static Target target() {
        String url = System.getenv("SORA_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            PostgresConfig c = PostgresConfig.fromUrl(url);
            String jdbc = c.jdbcUrl();
            int q = jdbc.indexOf('?');
            String noQuery = q < 0 ? jdbc : jdbc.substring(0, q);
            int slash = noQuery.indexOf('/', "jdbc:postgresql://".length());
            String server = slash < 0 ? noQuery + "/" : noQuery.substring(0, slash + 1);
            String db = slash < 0 || slash == noQuery.length() - 1 ? "postgres" : noQuery.substring(slash + 1);
            return new Target(server, c.user() == null ? "postgres" : c.user(), c.password(), db);
        }
        String host = env("PGHOST", "127.0.0.1");
        String port = env("PGPORT", "5432");
        return new Target("jdbc:postgresql://" + host + ":" + port + "/", env("PGUSER", "postgres"),
                System.getenv("PGPASSWORD"), env("PGDATABASE", "postgres"));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
