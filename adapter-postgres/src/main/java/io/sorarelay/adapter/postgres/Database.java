package io.sorarelay.adapter.postgres;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The one door to JDBI: every call borrows a pooled connection for its duration, is watched by the
 * {@link CallWatchdog} (a call past its limit has its connection aborted), and translates "cannot reach
 * the database" into {@code DependencyUnavailableException}.
 */
final class Database {
    private final Jdbi jdbi;
    private final javax.sql.DataSource dataSource;
    private final CallWatchdog watchdog;

    Database(Jdbi jdbi, javax.sql.DataSource dataSource, CallWatchdog watchdog) {
        this.jdbi = jdbi;
        this.dataSource = dataSource;
        this.watchdog = watchdog;
    }

    /**
     * Has PostgreSQL plan the statement for its own parameters at every execution (pgjdbc's unnamed statement)
     * instead of reusing a plan cached on the connection. For the statements over a set of tasks (a batch, a page of
     * ids, the due work): after five executions PostgreSQL may keep a generic plan made for the table's size at the
     * time, and only an ANALYZE replaces it. Seen in the engine bench (autovacuum off, as on the CI machine): the batch
     * update's cached plan, made when the table was small, hash-joined a sequential scan of every task into every batch
     * (bench/README.md). A plan costs a little CPU per execution.
     */
    static void planEachTime(java.sql.Statement statement) throws java.sql.SQLException {
        statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
    }

    /** {@link #planEachTime} for a JDBI statement: {@code .addCustomizer(Database.PLAN_EACH_TIME)}. */
    static final org.jdbi.v3.core.statement.StatementCustomizer PLAN_EACH_TIME = new org.jdbi.v3.core.statement.StatementCustomizer() {
        @Override
        public void beforeExecution(java.sql.PreparedStatement statement, org.jdbi.v3.core.statement.StatementContext ctx)
                throws java.sql.SQLException {
            planEachTime(statement);
        }
    };

    /** A statement that works on a pooled JDBC connection. */
    interface JdbcWork<T> {
        T run(java.sql.Connection connection) throws java.sql.SQLException;
    }

    /**
     * Plain JDBC on a pooled connection, for the one statement hot enough that JDBI's per-call costs
     * (a handle, named-argument resolution, mapper lookup) were a third of its client CPU (measured:
     * bench/README.md). Failures are translated like every other call's.
     */
    <T> T jdbc(JdbcWork<T> work) {
        try (java.sql.Connection c = dataSource.getConnection(); CallWatchdog.Call watched = watchdog.watch(c)) {
            return work.run(c);
        } catch (java.sql.SQLException e) {
            throw DatabaseFailures.translate(new IllegalStateException("database call failed: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw DatabaseFailures.translate(e);
        }
    }

    <T> T call(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(h -> {
                try (CallWatchdog.Call watched = watchdog.watch(h.getConnection())) {
                    return work.withHandle(h);
                }
            });
        } catch (RuntimeException e) {
            throw DatabaseFailures.translate(e);
        }
    }

    /** Runs {@code work} in one transaction (committed on return, rolled back on exception). */
    <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        return call(h -> h.inTransaction(work));
    }

    void run(java.util.function.Consumer<Handle> work) {
        call(h -> {
            work.accept(h);
            return null;
        });
    }
}
