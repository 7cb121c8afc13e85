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

    public static ProgressThrottle defaults() { return new ProgressThrottle(Duration.ofSeconds(10)); }

    public boolean worthWriting(Transition.Changed change, Instant now) {
        VideoTask before = change.previous();
        VideoTask after = change.next();
        if (before.status() != after.status() || !before.externalTaskId().equals(after.externalTaskId())) return true;
        return !now.isBefore(before.updatedAt().plus(progressInterval));
    }
}
