package io.sorarelay.domain;

import java.util.Objects;
import java.util.Optional;

/** What the upstream said about a job, from a poll or a webhook. */
public record UpstreamObservation(UpstreamStatus status, int progress, Optional<TaskError> error) {
    public enum UpstreamStatus { QUEUED, IN_PROGRESS, COMPLETED, FAILED }

    public UpstreamObservation {
        Objects.requireNonNull(status);
        Objects.requireNonNull(error);
        if (progress < 0 || progress > 100) throw new IllegalArgumentException("progress must be 0..100");
    }

    public static UpstreamObservation queued() { return new UpstreamObservation(UpstreamStatus.QUEUED, 0, Optional.empty()); }

    public static UpstreamObservation inProgress(int progress) {
        return new UpstreamObservation(UpstreamStatus.IN_PROGRESS, progress, Optional.empty());
    }

    public static UpstreamObservation completed() {
        return new UpstreamObservation(UpstreamStatus.COMPLETED, 100, Optional.empty());
    }

    public static UpstreamObservation failed(TaskError error) {
        return new UpstreamObservation(UpstreamStatus.FAILED, 0, Optional.of(error));
    }
}
