package io.sorarelay.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A progress figure for a provider that reports none ({@link Capabilities.Progress#ESTIMATED}): the time since the job
 * was submitted over the model's expected generation time ({@link ModelDefinition#expectedDuration}), capped at
 * {@link #CAP} so only the provider's own "done" brings a task to 100. The task view marks such a figure as estimated.
 */
public final class ProgressEstimate {
    /** The highest estimate: a job slower than expected waits at 99 %. */
    public static final int CAP = 99;

    private ProgressEstimate() {}

    /** The estimate after {@code elapsed} of a job expected to take {@code expected}: 0 to {@link #CAP}. */
    public static int of(Duration elapsed, Duration expected) {
        if (elapsed.isNegative() || elapsed.isZero()) return 0;
        if (expected.isNegative() || expected.isZero()) return CAP;
        double share = (double) elapsed.toMillis() / expected.toMillis();
        return (int) Math.min(CAP, Math.floor(share * 100));
    }

    /**
     * What {@code task} should take from {@code observed}: for a task whose progress is estimated, a running job's figure
     * becomes the estimate at {@code now} (never below what the task already shows); anything else is kept as observed.
     */
    public static UpstreamObservation apply(VideoTask task, UpstreamObservation observed, Duration expected, Instant now) {
        if (!task.request().progressEstimated() || observed.status() != UpstreamObservation.UpstreamStatus.IN_PROGRESS)
            return observed;
        Instant since = task.submittedAt().orElse(task.createdAt());
        int estimate = Math.max(task.progress(), of(Duration.between(since, now), expected));
        return UpstreamObservation.inProgress(Math.max(observed.progress(), estimate));
    }

    /**
     * What {@code task} should take from a notice that comes without the clock's context (a provider's callback): for a
     * task whose progress is estimated, a running job keeps the figure the task shows, so the notice is never "backwards".
     */
    public static UpstreamObservation keep(VideoTask task, UpstreamObservation observed) {
        if (!task.request().progressEstimated() || observed.status() != UpstreamObservation.UpstreamStatus.IN_PROGRESS)
            return observed;
        return UpstreamObservation.inProgress(Math.max(observed.progress(), task.progress()));
    }
}
