package io.sorarelay.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The task state machine as types: QUEUED → PROCESSING → COMPLETED | FAILED | CANCELLED, and
 * QUEUED → FAILED | CANCELLED. Terminal states carry when (and why) the task ended.
 */
public sealed interface TaskState {
    TaskStatus status();

    default boolean isTerminal() {
        return status().isTerminal();
    }

    /** Accepted by us; not yet submitted upstream, or submitted and waiting in the upstream's queue. */
    record Queued() implements TaskState {
        public TaskStatus status() { return TaskStatus.QUEUED; }
    }

    /** The upstream is rendering. */
    record Processing() implements TaskState {
        public TaskStatus status() { return TaskStatus.PROCESSING; }
    }

    record Completed(Instant completedAt) implements TaskState {
        public Completed { Objects.requireNonNull(completedAt); }
        public TaskStatus status() { return TaskStatus.COMPLETED; }
    }

    record Failed(TaskError error, Instant failedAt) implements TaskState {
        public Failed { Objects.requireNonNull(error); Objects.requireNonNull(failedAt); }
        public TaskStatus status() { return TaskStatus.FAILED; }
    }

    record Cancelled(Instant cancelledAt) implements TaskState {
        public Cancelled { Objects.requireNonNull(cancelledAt); }
        public TaskStatus status() { return TaskStatus.CANCELLED; }
    }
}
