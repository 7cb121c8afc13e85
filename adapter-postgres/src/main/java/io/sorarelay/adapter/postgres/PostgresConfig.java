package io.sorarelay.adapter.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach PostgreSQL.
 *
 * @param jdbcUrl           {@code jdbc:postgresql://host:port/db?params}
 * @param user              user name, or null when the URL carries it
 * @param password          password, or null (trust/peer auth, or given in the URL)
 * @param poolSize          maximum pooled connections of this process
 * @param runMigrations     apply the Flyway migrations on connect (safe with several instances:
 *                          Flyway serialises them with a database lock)
 * @param schema            the schema the tables live in (created by the migrations when missing)
 * @param connectionTimeout how long a caller waits for a connection before the database counts as
 *                          unavailable ({@code DependencyUnavailableException})
 * @param callTimeout       how long one call (a statement, or a transaction with its commit) may run before its
 *                          connection is aborted and the call fails as the database being unavailable: what ends a
 *                          call on a connection the network has black-holed
 */
public record PostgresConfig(String jdbcUrl, String user, String password, int poolSize, boolean runMigrations,
                             String schema, Duration connectionTimeout, Duration callTimeout) {

    public static final int DEFAULT_POOL_SIZE = 10;
    public static final String DEFAULT_SCHEMA = "public";
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern URL = Pattern.compile(
            "(?i)(?:postgres|postgresql)://(?:(?<userinfo>[^@/?#]*)@)?(?<hosts>[^/?#]*)(?:/(?<db>[^?#]*))?(?:\\?(?<query>[^#]*))?(?:#.*)?");

    public PostgresConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        if (poolSize < 1) throw new IllegalArgumentException("poolSize must be positive");
        schema = schema == null || schema.isBlank() ? DEFAULT_SCHEMA : schema;
        if (!SCHEMA_NAME.matcher(schema).matches()) throw new IllegalArgumentException("schema must be a plain SQL identifier");
        connectionTimeout = connectionTimeout == null ? DEFAULT_CONNECTION_TIMEOUT : connectionTimeout;
        if (connectionTimeout.toMillis() < 250) throw new IllegalArgumentException("connectionTimeout must be at least 250 ms");
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        if (callTimeout.toMillis() < 100) throw new IllegalArgumentException("callTimeout must be at least 100 ms");
    }

    /** Without a call timeout: the default one. */
    public PostgresConfig(String jdbcUrl, String user, String password, int poolSize, boolean runMigrations, String schema,
                          Duration connectionTimeout) {
        this(jdbcUrl, user, password, poolSize, runMigrations, schema, connectionTimeout, DEFAULT_CALL_TIMEOUT);
    }

    /** The bootstrap's shape: default connection timeout. */
    public PostgresConfig(String jdbcUrl, String user, String password, int poolSize, boolean runMigrations, String schema) {
        this(jdbcUrl, user, password, poolSize, runMigrations, schema, DEFAULT_CONNECTION_TIMEOUT);
    }

    /**
     * Reads a {@code DATABASE_URL}: either {@code postgres://user:pass@host:port/db?params}
     * (also {@code postgresql://}; user and password percent-decoded; several {@code host:port}
     * separated by commas allowed) or {@code jdbc:postgresql://...} as it is. A {@code schema}
     * query parameter selects the schema; the other parameters go to the JDBC driver
     * (e.g. {@code sslmode=require}). Pool size and migrations take their defaults.
     */
    public static PostgresConfig fromUrl(String databaseUrl) {
        if (databaseUrl == null || databaseUrl.isBlank()) throw new IllegalArgumentException("DATABASE_URL is empty");
        String url = databaseUrl.strip();
        if (url.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            Split s = splitQuery(url);
            return new PostgresConfig("jdbc:postgresql:" + s.base().substring("jdbc:postgresql:".length()) + s.rest(),
                    null, null, DEFAULT_POOL_SIZE, true, s.schema(), DEFAULT_CONNECTION_TIMEOUT);
        }
        Matcher m = URL.matcher(url);
        if (!m.matches()) throw new IllegalArgumentException("DATABASE_URL must look like postgres://user:pass@host:port/db or jdbc:postgresql://...");
        String hosts = m.group("hosts");
        if (hosts.isEmpty()) throw new IllegalArgumentException("DATABASE_URL names no host");
        String user = null;
        String password = null;
        String userinfo = m.group("userinfo");
        if (userinfo != null && !userinfo.isEmpty()) {
            int colon = userinfo.indexOf(':');
            user = decode(colon < 0 ? userinfo : userinfo.substring(0, colon));
            password = colon < 0 ? null : decode(userinfo.substring(colon + 1));
            if (user.isEmpty()) user = null;
        }
        String db = m.group("db") == null || m.group("db").isEmpty() ? "postgres" : decode(m.group("db"));
        Split s = splitQuery(m.group("query") == null ? "" : "?" + m.group("query"));
        return new PostgresConfig("jdbc:postgresql://" + hosts + "/" + db + s.rest(), user, password,
                DEFAULT_POOL_SIZE, true, s.schema(), DEFAULT_CONNECTION_TIMEOUT);
    }

    public PostgresConfig withPoolSize(int size) {
        return new PostgresConfig(jdbcUrl, user, password, size, runMigrations, schema, connectionTimeout, callTimeout);
    }

    public PostgresConfig withSchema(String name) {
        return new PostgresConfig(jdbcUrl, user, password, poolSize, runMigrations, name, connectionTimeout, callTimeout);
    }

    public PostgresConfig withRunMigrations(boolean run) {
        return new PostgresConfig(jdbcUrl, user, password, poolSize, run, schema, connectionTimeout, callTimeout);
    }

    public PostgresConfig withConnectionTimeout(Duration timeout) {
        return new PostgresConfig(jdbcUrl, user, password, poolSize, runMigrations, schema, timeout, callTimeout);
    }

    public PostgresConfig withCallTimeout(Duration timeout) {
        return new PostgresConfig(jdbcUrl, user, password, poolSize, runMigrations, schema, connectionTimeout, timeout);
    }

    /** Never prints the password (nor one embedded in the URL). */
    @Override public String toString() {
        return "PostgresConfig[jdbcUrl=" + jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***") + ", user=" + user
                + ", password=" + (password == null ? "null" : "***") + ", poolSize=" + poolSize
                + ", runMigrations=" + runMigrations + ", schema=" + schema + ", connectionTimeout=" + connectionTimeout + ", callTimeout=" + callTimeout + "]";
    }

    private record Split(String base, String rest, String schema) {}

    /** Splits off the query string and takes the {@code schema} parameter out of it. */
    private static Split splitQuery(String url) {
        int q = url.indexOf('?');
        if (q < 0) return new Split(url, "", null);
        String schema = null;
        List<String> kept = new ArrayList<>();
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals("schema")) schema = eq < 0 ? null : decode(pair.substring(eq + 1));
            else kept.add(pair);
        }
        return new Split(url.substring(0, q), kept.isEmpty() ? "" : "?" + String.join("&", kept), schema);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
