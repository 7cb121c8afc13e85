package io.sorarelay.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which observed changes a frequent observer (the upstream sweep, every few seconds for every task)
 * writes at once. A change of status — including every terminal one — or of the upstream id always is;
 * a rise of progress alone only once the task's last write is at least {@code progressInterval} old, so
 * thousands of running jobs do not mean a row write per job per sweep. The skipped progress is not
 * lost: the next observation carries it.
 */
public record ProgressThrottle(Duration progressInterval) {
    public ProgressThrottle {
        Objects.requireNonNull(progressInterval);
        if (progressInterval.isNegative()) throw new IllegalArgumentException("progressInterval must not be negative");
    }

    public static ProgressThrottle defaults() { return new ProgressThrottle(Duration.ofSeconds(60)); }

    /** Progress-only writes a sweep may spend per second across all the tasks it sees. */
    public static final int PROGRESS_WRITES_PER_SECOND = 1_000;

    /**
     * The throttle for a sweep that sees {@code inFlight} running jobs: progress-only writes are spread
     * so that they stay near {@link #PROGRESS_WRITES_PER_SECOND} (a task's progress is written every
     * {@code inFlight / 1000} seconds), never rarer than {@code progressInterval}. A few tasks get
     * every rise written (live progress bars), ten thousand one write per task every ten seconds.
     */
    public ProgressThrottle forInFlight(long inFlight) {
        if (inFlight < 0) throw new IllegalArgumentException("inFlight must not be negative");
        long spreadMs = inFlight * 1_000 / PROGRESS_WRITES_PER_SECOND;
        return new ProgressThrottle(Duration.ofMillis(Math.min(progressInterval.toMillis(), spreadMs)));
    }

    public boolean worthWriting(Transition.Changed change, Instant now) {
        VideoTask before = change.previous();
        VideoTask after = change.next();
        if (before.status() != after.status() || !before.externalTaskId().equals(after.externalTaskId())) return true;
        return !now.isBefore(before.updatedAt().plus(progressInterval));
    }
}
