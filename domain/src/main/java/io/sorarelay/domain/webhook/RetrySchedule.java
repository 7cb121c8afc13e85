package io.sorarelay.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a failed delivery is tried again: exponential backoff from {@code first}, doubling up to {@code cap}, with
 * "equal jitter" (half the delay fixed, half drawn), so receivers that come back are not hit by every sender at once;
 * no attempt later than {@code window} after the delivery was first due.
 */
public record RetrySchedule(Duration first, Duration cap, Duration window) {
    /** 5 s, 10 s, 20 s, … at most an hour apart, for 24 hours. */
    public static final RetrySchedule STANDARD = new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(24));

    public RetrySchedule {
        Objects.requireNonNull(first); Objects.requireNonNull(cap); Objects.requireNonNull(window);
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0 || window.isNegative())
            throw new IllegalArgumentException("first > 0, cap >= first, window >= 0");
    }

    /** The fixed part of the delay after {@code failedAttempts} failures (1 = the first try failed). */
    public Duration delayAfter(int failedAttempts) {
        if (failedAttempts < 1) throw new IllegalArgumentException("at least one failed attempt");
        int shift = Math.min(failedAttempts - 1, 30);
        Duration d = first.multipliedBy(1L << shift);
        return d.compareTo(cap) > 0 ? cap : d;
    }

    /**
     * The next attempt after {@code failedAttempts} failures at {@code now}, for a delivery first due at {@code dueSince};
     * empty once that would fall outside the window (the delivery is given up).
     *
     * @param jitter a draw in [0, 1)
     */
    public Optional<Instant> next(Instant dueSince, int failedAttempts, Instant now, double jitter) {
        if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("jitter in [0, 1)");
        Duration d = delayAfter(failedAttempts);
        long halfMillis = d.toMillis() / 2;
        Instant at = now.plusMillis(halfMillis + (long) (jitter * (d.toMillis() - halfMillis)));
        return at.isAfter(dueSince.plus(window)) ? Optional.empty() : Optional.of(at);
    }
}
