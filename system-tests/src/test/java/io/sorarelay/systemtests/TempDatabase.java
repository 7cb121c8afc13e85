package io.sorarelay.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh PostgreSQL database for one test class on the local server (or PG* settings), dropped afterwards. */
final class TempDatabase implements AutoCloseable {
    final String host = env("PGHOST", "127.0.0.1");
    final int port = Integer.parseInt(env("PGPORT", "5432"));
    final String user = env("PGUSER", "postgres");
    final String password = env("PGPASSWORD", "");
    final String name = "sora_sys_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    TempDatabase() {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " is required for the system tests: " + e.getMessage(), e);
        }
    }

    private static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? d : v;
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
    }

    /** The relay's DATABASE_URL for this database, optionally through a proxy port. */
    String url(int viaPort) {
        return "postgres://" + user + (password.isEmpty() ? "" : ":" + password) + "@127.0.0.1:" + viaPort + "/" + name;
    }

    String url() { return url(port); }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + name, user, password);
    }

    @Override public void close() {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + name, e);
        }
    }
}
