package io.sorarelay.adapter.postgres;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The one door to JDBI: every call borrows a pooled connection for its duration and translates
 * "cannot reach the database" into {@code DependencyUnavailableException}.
 */
final class Database {
    private final Jdbi jdbi;

    Database(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    <T> T call(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (RuntimeException e) {
            throw DatabaseFailures.translate(e);
        }
    }

    /** Runs {@code work} in one transaction (committed on return, rolled back on exception). */
    <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.inTransaction(work);
        } catch (RuntimeException e) {
            throw DatabaseFailures.translate(e);
        }
    }

    void run(java.util.function.Consumer<Handle> work) {
        call(h -> {
            work.accept(h);
            return null;
        });
    }
}
