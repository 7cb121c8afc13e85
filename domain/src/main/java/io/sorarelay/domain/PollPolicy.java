package io.sorarelay.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When to look at an upstream job next. Instead of a fixed timer: with only the model's expected
 * duration, it looks half-way through the time left (to learn the job's progress rate); once the
 * rate is known, at 3/4 of the estimated time left, so calls concentrate near the likely end; an upstream
 * {@code poll-after} hint is a lower bound; intervals stay within [min, max]; past the deadline
 * the task expires.
 */
public record PollPolicy(Duration minInterval, Duration maxInterval, Duration maxTaskDuration) {
    public PollPolicy {
        Objects.requireNonNull(minInterval);
        Objects.requireNonNull(maxInterval);
        Objects.requireNonNull(maxTaskDuration);
        if (minInterval.isNegative() || minInterval.isZero()) throw new IllegalArgumentException("minInterval must be positive");
        if (maxInterval.compareTo(minInterval) < 0) throw new IllegalArgumentException("maxInterval must be >= minInterval");
    }

    public static PollPolicy defaults() {
        return new PollPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(30));
    }

    public Instant deadlineFor(Instant createdAt) {
        return createdAt.plus(maxTaskDuration);
    }

    /** The inputs of one decision. {@code startedAt} is when the upstream accepted the job. */
    public record PollContext(Instant now, Instant startedAt, int progress, Duration expectedDuration,
                              Optional<Duration> upstreamHint, Instant deadline) {
        public PollContext {
            Objects.requireNonNull(now);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(expectedDuration);
            Objects.requireNonNull(upstreamHint);
            Objects.requireNonNull(deadline);
        }

        public static PollContext of(VideoTask task, Instant now, Duration expectedDuration, Optional<Duration> hint) {
            return new PollContext(now, task.submittedAt().orElse(task.createdAt()), task.progress(), expectedDuration, hint,
                    task.deadlineAt());
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
            // The job's own progress rate is known: poll a little before its estimated end (3/4 of the time left).
            long totalMs = elapsed.toMillis() * 100 / c.progress();
            interval = Duration.ofMillis(totalMs - elapsed.toMillis()).multipliedBy(3).dividedBy(4);
        } else {
            // Only the model's prior: look half-way through what is left, to learn the job's rate.
            interval = c.expectedDuration().minus(elapsed).dividedBy(2);
        }
        if (c.upstreamHint().isPresent() && c.upstreamHint().get().compareTo(interval) > 0) interval = c.upstreamHint().get();
        interval = clamp(interval);
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
