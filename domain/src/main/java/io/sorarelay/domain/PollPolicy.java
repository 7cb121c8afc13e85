package io.sorarelay.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When to look at an upstream job next. Instead of a fixed timer: with only the model's expected
 * duration, it looks a third of the way through the time left (to learn the job's progress rate); once the
 * rate is known, at the estimated end when that is at most {@code maxInterval} away (the estimate from
 * the upstream's own progress is trusted that far), else at 3/4 of the estimated time left; an upstream
 * {@code poll-after} hint is a lower bound; intervals stay within [min, max]; past the deadline
 * the task expires. A job whose news the upstream pushes (a callback) is polled only as a fallback in case the
 * callback is lost: not sooner than {@code pushFallback} after each look.
 */
public record PollPolicy(Duration minInterval, Duration maxInterval, Duration maxTaskDuration, Duration pushFallback) {
    /** How long a job whose upstream calls back is left alone between fallback polls, unless configured otherwise. */
    public static final Duration DEFAULT_PUSH_FALLBACK = Duration.ofSeconds(60);

    public PollPolicy {
        Objects.requireNonNull(minInterval);
        Objects.requireNonNull(maxInterval);
        Objects.requireNonNull(maxTaskDuration);
        Objects.requireNonNull(pushFallback);
        if (minInterval.isNegative() || minInterval.isZero()) throw new IllegalArgumentException("minInterval must be positive");
        if (maxInterval.compareTo(minInterval) < 0) throw new IllegalArgumentException("maxInterval must be >= minInterval");
        if (pushFallback.isNegative()) throw new IllegalArgumentException("pushFallback must not be negative");
    }

    /** With the default push fallback. */
    public PollPolicy(Duration minInterval, Duration maxInterval, Duration maxTaskDuration) {
        this(minInterval, maxInterval, maxTaskDuration, DEFAULT_PUSH_FALLBACK);
    }

    public PollPolicy withPushFallback(Duration d) { return new PollPolicy(minInterval, maxInterval, maxTaskDuration, d); }

    public static PollPolicy defaults() {
        return new PollPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(30));
    }

    public Instant deadlineFor(Instant createdAt) {
        return createdAt.plus(maxTaskDuration);
    }

    /**
     * The inputs of one decision. {@code startedAt} is when the upstream accepted the job; {@code pushed}: the upstream
     * calls back with the job's news, so polls are only the fallback.
     */
    public record PollContext(Instant now, Instant startedAt, int progress, Duration expectedDuration,
                              Optional<Duration> upstreamHint, Instant deadline, boolean pushed) {
        public PollContext {
            Objects.requireNonNull(now);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(expectedDuration);
            Objects.requireNonNull(upstreamHint);
            Objects.requireNonNull(deadline);
        }

        /** A job whose news come only by polling. */
        public PollContext(Instant now, Instant startedAt, int progress, Duration expectedDuration, Optional<Duration> upstreamHint,
                           Instant deadline) {
            this(now, startedAt, progress, expectedDuration, upstreamHint, deadline, false);
        }

        public static PollContext of(VideoTask task, Instant now, Duration expectedDuration, Optional<Duration> hint) {
            return of(task, now, expectedDuration, hint, false);
        }

        /**
         * The context of {@code task}'s next poll. A progress figure the relay estimated ({@link ProgressEstimate}) is the
         * prior restated, not the job's rate: the decision gets none (0), so it follows the prior, not a rate it made up.
         */
        public static PollContext of(VideoTask task, Instant now, Duration expectedDuration, Optional<Duration> hint, boolean pushed) {
            int progress = task.request().progressEstimated() ? 0 : task.progress();
            return new PollContext(now, task.submittedAt().orElse(task.createdAt()), progress, expectedDuration, hint,
                    task.deadlineAt(), pushed);
        }
    }

    public sealed interface Decision {
        record PollAt(Instant at) implements Decision {}

        record Expired() implements Decision {}
    }

    public Decision next(PollContext c) {
        if (!c.now().isBefore(c.deadline())) return new Decision.Expired();
        Duration elapsed = Duration.between(c.startedAt(), c.now());
        if (elapsed.isNegative()) elapsed = Duration.ZERO;
        Duration interval;
        if (c.progress() >= 5 && c.progress() < 100 && !elapsed.isZero()) {
            // The job's own progress rate is known. Near enough, look just after the end it implies (plus 2 % of the
            // whole: a percent rounded up, or counted from the upstream's earlier start, would otherwise put the look a
            // little early, and the next one a whole hint later); further off, at 3/4 of the time left, to correct the
            // estimate on the way (a rate that is not steady).
            long totalMs = elapsed.toMillis() * 100 / c.progress();
            Duration left = Duration.ofMillis(totalMs - elapsed.toMillis());
            interval = left.compareTo(maxInterval) <= 0 ? left.plusMillis(totalMs / 50) : left.multipliedBy(3).dividedBy(4);
        } else {
            // Only the model's prior: look a third of the way through what is left. The first look learns the rate of a
            // job that reports progress; it comes early enough that few jobs are done long before it (at half the prior,
            // a one-minute prior's quick jobs waited up to 10 s past their end).
            interval = c.expectedDuration().minus(elapsed).dividedBy(3);
        }
        if (c.upstreamHint().isPresent() && c.upstreamHint().get().compareTo(interval) > 0) interval = c.upstreamHint().get();
        interval = clamp(interval);
        if (c.pushed() && interval.compareTo(pushFallback) < 0) interval = pushFallback;
        Instant at = c.now().plus(interval);
        return new Decision.PollAt(at.isAfter(c.deadline()) ? c.deadline() : at);
    }

    /**
     * When to try again after a failed call: exponential backoff from the minimum interval with
     * full jitter (the caller supplies {@code jitter} in [0, 1)), capped at the maximum; an
     * upstream {@code Retry-After} is a lower bound.
     */
    public Instant afterFailure(Instant now, int attempt, Optional<Duration> retryAfter, double jitter) {
        long base = minInterval.toMillis() << Math.min(Math.max(attempt, 0), 16);
        long capped = Math.min(base, maxInterval.toMillis());
        long ms = Math.max(minInterval.toMillis() / 2, (long) (capped * Math.min(Math.max(jitter, 0), 1)));
        Duration d = Duration.ofMillis(ms);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(d) > 0) d = retryAfter.get();
        return now.plus(d);
    }

    private Duration clamp(Duration d) {
        if (d.compareTo(minInterval) < 0) return minInterval;
        if (d.compareTo(maxInterval) > 0) return maxInterval;
        return d;
    }
}
