package io.sorarelay.application.port.out;

import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.VideoTask;

import java.util.Objects;
import java.util.Optional;

/**
 * Writes tasks. Every write that changes a task appends exactly one {@link TaskEvent} to the
 * owner's event log in the same atomic step (transactional outbox), with the owner's next event id.
 */
public interface SaveVideoTaskPort {

    sealed interface CreateResult {
        /** The task was stored, with its first event. */
        record Inserted(VideoTask task, TaskEvent event) implements CreateResult {}

        /** The owner already has a task with the same client request id; nothing was written. */
        record Existing(VideoTask task) implements CreateResult {}
    }

    /**
     * Stores a new task (version 0) atomically unless the owner already has one with the same
     * client request id — safe under concurrent identical requests from many processes.
     */
    CreateResult createOrGet(VideoTask task, NextWork firstWork);

    /**
     * @param worker when a claim's holder writes: the write also requires that it still holds the
     *               lease, and it ends the claim (the lease is released)
     */
    record TaskUpdate(Transition.Changed change, NextWork next, Optional<String> worker) {
        public TaskUpdate { Objects.requireNonNull(change); Objects.requireNonNull(next); Objects.requireNonNull(worker); }

        public static TaskUpdate of(Transition.Changed change, NextWork next) {
            return new TaskUpdate(change, next, Optional.empty());
        }
    }

    sealed interface UpdateResult {
        record Updated(VideoTask task, TaskEvent event) implements UpdateResult {}

        /** The stored version is not the expected one (or the worker lost its lease): reload and decide again. */
        record Conflict() implements UpdateResult {}
    }

    /** Writes {@code change.next()} only if the stored version is {@code change.expectedVersion()}. */
    UpdateResult update(TaskUpdate update);
}
