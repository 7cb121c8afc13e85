package io.sorarelay.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What every node together may ask of one upstream provider: a request rate, a cap on calls in
 * flight, and a pause that any node can impose on all of them when the upstream answers 429.
 * With several nodes the adapter is shared (Redis); the in-memory one serves a single process.
 *
 * <p>A caller takes a {@link Permit} before one upstream call and closes it after the call. A node
 * that dies holding permits does not leak the provider's capacity: a permit expires by itself
 * {@link Limits#permitTtl()} after it was taken. Answers are immediate: the port never blocks
 * waiting for capacity, it says how long to wait instead.
 */
public interface UpstreamBudgetPort {

    /**
     * One provider's budget across all nodes.
     *
     * @param maxConcurrency calls in flight at once, all nodes together (at least 1)
     * @param maxRequests    calls started within any {@code window}; 0 = no rate limit
     * @param window         the sliding window of {@code maxRequests}
     * @param permitTtl      after this a permit counts as given back even if nobody closed it (its node died);
     *                       longer than the longest upstream call, retries included
     * @param busyRetry      how long to suggest waiting when the concurrency cap is reached
     */
    record Limits(int maxConcurrency, int maxRequests, Duration window, Duration permitTtl, Duration busyRetry) {
        public Limits {
            Objects.requireNonNull(window); Objects.requireNonNull(permitTtl); Objects.requireNonNull(busyRetry);
            if (maxConcurrency < 1) throw new IllegalArgumentException("maxConcurrency must be positive");
            if (maxRequests < 0) throw new IllegalArgumentException("maxRequests must not be negative");
            if (!window.isPositive() || !permitTtl.isPositive() || !busyRetry.isPositive())
                throw new IllegalArgumentException("window, permitTtl and busyRetry must be positive");
        }

        /** {@code maxConcurrency} in flight and {@code ratePerSecond} calls per second (0 = unlimited); permits live 2 minutes. */
        public static Limits of(int maxConcurrency, int ratePerSecond) {
            return new Limits(maxConcurrency, ratePerSecond, Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofSeconds(1));
        }

        public Limits withPermitTtl(Duration ttl) { return new Limits(maxConcurrency, maxRequests, window, ttl, busyRetry); }

        /** The same limits with {@code extra} more calls in flight allowed: a caller with a reserve above the others' cap. */
        public Limits withConcurrencyReserve(int extra) {
            if (extra < 0) throw new IllegalArgumentException("extra must not be negative");
            return new Limits(maxConcurrency + extra, maxRequests, window, permitTtl, busyRetry);
        }

        public boolean limitsRate() { return maxRequests > 0; }
    }

    /** One call's share of the budget. Closing it gives the concurrency slot back; closing it again does nothing. */
    interface Permit extends AutoCloseable {
        @Override void close();
    }

    /** Why a permit was refused. */
    enum Reason { PAUSED, CONCURRENCY, RATE }

    /** The answer to {@link #tryAcquire}: a permit, or how long to hold back. */
    sealed interface Admission {
        record Granted(Permit permit) implements Admission {
            public Granted { Objects.requireNonNull(permit); }
        }

        record Denied(Reason reason, Duration retryAfter) implements Admission {
            public Denied {
                Objects.requireNonNull(reason); Objects.requireNonNull(retryAfter);
                if (!retryAfter.isPositive()) throw new IllegalArgumentException("retryAfter must be positive");
            }
        }
    }

    /**
     * Takes a permit for one call to {@code provider} if the provider is not paused, fewer than
     * {@code maxConcurrency} permits are out and (when rate-limited) fewer than {@code maxRequests}
     * were taken within the last {@code window}. A refusal takes nothing.
     */
    Admission tryAcquire(String provider, Limits limits);

    /**
     * Holds back every node's calls to {@code provider} for {@code duration} from now (a 429's
     * {@code Retry-After}). A pause only ever extends: a shorter one than the current pause changes nothing.
     */
    void pause(String provider, Duration duration);

    /** The end of {@code provider}'s current pause, if one is in force. */
    Optional<Instant> pausedUntil(String provider);
}
