package io.sorarelay.application.service;

import io.sorarelay.domain.ProgressThrottle;

import java.time.Duration;
import java.util.Objects;

/**
 * The upstream sweep's tunables (docs/configuration.md, {@code SWEEP_*}).
 *
 * @param interval    how often the engine sweeps a provider; zero turns the sweep off
 * @param minInFlight below this many tasks in flight on a provider, per-task polls are cheaper: a sweep does not
 *                    start (one that is running goes on until none are left, so tasks it deferred are not stranded)
 * @param maxPages    listing pages per sweep at most (100 jobs each); tasks beyond are polled individually
 * @param margin      how far past the oldest in-flight submit time paging goes (upstream clock skew,
 *                    second-precision {@code created_at})
 * @param deferFor    how long a task seen by a sweep is spared its individual poll; it is renewed when less
 *                    than two intervals (plus the last sweep's duration) are left, so a task the sweep stops
 *                    seeing is polled again within this time
 * @param throttle    which observed progress is written at once
 */
public record SweepSettings(Duration interval, int minInFlight, int maxPages, Duration margin, Duration deferFor,
                            ProgressThrottle throttle) {
    public SweepSettings {
        Objects.requireNonNull(interval); Objects.requireNonNull(margin); Objects.requireNonNull(deferFor); Objects.requireNonNull(throttle);
        if (interval.isNegative() || margin.isNegative()) throw new IllegalArgumentException("durations must not be negative");
        if (minInFlight < 0 || maxPages < 1) throw new IllegalArgumentException("minInFlight >= 0 and maxPages >= 1");
        if (!interval.isZero() && deferFor.compareTo(interval.multipliedBy(2)) < 0)
            throw new IllegalArgumentException("deferFor must be at least two sweep intervals");
    }

    public static SweepSettings defaults() {
        return new SweepSettings(Duration.ofSeconds(2), 1, 500, Duration.ofSeconds(5), deferralFor(Duration.ofSeconds(2)),
                ProgressThrottle.defaults());
    }

    public static SweepSettings off() { return defaults().withInterval(Duration.ZERO); }

    public boolean enabled() { return !interval.isZero(); }

    /** Another interval; the deferral follows ({@link #deferralFor}). */
    public SweepSettings withInterval(Duration d) {
        return new SweepSettings(d, minInFlight, maxPages, margin, d.isZero() ? deferFor : deferralFor(d), throttle);
    }

    /**
     * Thirty intervals (a minute at the default 2 s): a renewal is a row write, and renewing at half (30 s
     * left) means a typical job is never renewed at all; a task the sweep stops seeing (it is beyond the
     * page bound, or no node sweeps) is polled on its own again within the minute.
     */
    static Duration deferralFor(Duration interval) {
        return interval.multipliedBy(30);
    }

    public SweepSettings withMinInFlight(int n) { return new SweepSettings(interval, n, maxPages, margin, deferFor, throttle); }

    public SweepSettings withMaxPages(int n) { return new SweepSettings(interval, minInFlight, n, margin, deferFor, throttle); }

    public SweepSettings withThrottle(ProgressThrottle t) { return new SweepSettings(interval, minInFlight, maxPages, margin, deferFor, t); }
}
