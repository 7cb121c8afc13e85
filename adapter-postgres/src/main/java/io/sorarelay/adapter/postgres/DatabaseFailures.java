package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.DependencyUnavailableException;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;

/**
 * Tells "the database cannot be reached" apart from every other failure. Only the former becomes a
 * {@link DependencyUnavailableException} (503 with Retry-After); a constraint violation or an SQL
 * error is a bug and stays what it is.
 */
final class DatabaseFailures {
    static final String DEPENDENCY = "postgresql";
    /**
     * While the database is down, the pool retries opening connections with a backoff that doubles
     * up to 5 s; a client told to come back after that long finds the pool reconnected.
     */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /**
     * SQLSTATEs that mean "no usable connection": class 08 (connection exception) is matched by
     * prefix; 57P01-57P03 the server is shutting down or starting; 53300 too many connections.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseFailures() {}

    static RuntimeException translate(RuntimeException e) {
        return isUnavailable(e) ? new DependencyUnavailableException(DEPENDENCY, RETRY_AFTER, e) : e;
    }

    static boolean isUnavailable(Throwable e) {
        int depth = 0;
        for (Throwable c = e; c != null && depth < 16; c = c.getCause(), depth++) {
            if (c instanceof DependencyUnavailableException) return true;
            // Hikari's "connection is not available, request timed out" is a SQLTransientConnectionException.
            if (c instanceof SQLTransientConnectionException || c instanceof SQLNonTransientConnectionException) return true;
            if (c instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(s.getSQLState()))) return true;
            if (c instanceof ConnectException || c instanceof SocketTimeoutException || c instanceof NoRouteToHostException
                    || c instanceof UnknownHostException || c instanceof EOFException || c instanceof SocketException) return true;
        }
        return false;
    }
}
