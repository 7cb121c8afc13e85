package io.sorarelay.application.port.out;

import java.time.Duration;
import java.util.Optional;

/**
 * Named mutual exclusion with a time to live. Holding a lock is an optimisation (one node does
 * the work); correctness never depends on it, because writes are fenced by version and lease.
 */
public interface LockPort {

    interface Handle extends AutoCloseable {
        String name();

        /** Extends the lock if still held by this handle; false if it was lost. */
        boolean renew(Duration ttl);

        /** Releases the lock if still held by this handle (never someone else's). */
        @Override void close();
    }

    Optional<Handle> tryAcquire(String name, Duration ttl);
}
