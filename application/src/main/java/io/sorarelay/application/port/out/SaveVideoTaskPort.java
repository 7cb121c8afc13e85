package io.sorarelay.application.port.out;

import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.credit.InsufficientCredits;
import io.sorarelay.domain.credit.KeyBudget;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

        /**
         * The task has a cost and its owner has fewer credits available than it: nothing was written. A replay is never
         * refused: the existing task is answered first.
         */
        record Refused(InsufficientCredits refusal) implements CreateResult {}
    }

    /**
     * Stores a new task (version 0) atomically unless the owner already has one with the same
     * client request id — safe under concurrent identical requests from many processes. A task with a
     * {@link VideoTask#cost} is stored with its HOLD in the owner's ledger, in the same atomic step, or refused.
     */
    CreateResult createOrGet(VideoTask task, NextWork firstWork);

    /**
     * {@link #createOrGet} for a task created with an API key that has a credit limit: the hold must fit the key's
     * budget too (what the key's tasks hold and spent), or the create is {@link CreateResult.Refused} with what the
     * key has left. A store that keeps no key budgets refuses to store such a task with a cost.
     */
    default CreateResult createOrGet(VideoTask task, NextWork firstWork, Optional<KeyBudget> budget) {
        if (budget.isPresent() && task.cost().value() > 0) throw new UnsupportedOperationException("this store keeps no key budgets");
        return createOrGet(task, firstWork);
    }

    /** A new task (version 0) and the engine's first work on it: one item of {@link #createAll}. */
    record NewTask(VideoTask task, NextWork firstWork) {
        public NewTask { Objects.requireNonNull(task); Objects.requireNonNull(firstWork); }
    }

    /**
     * Several {@link #createOrGet} calls at once: each task answers exactly what its own call would have, and
     * one owner's new tasks take their event ids in the order of the list. The default makes the calls one
     * by one; a database stores a batch of new tasks with one statement and one commit.
     */
    default List<CreateResult> createAll(List<NewTask> tasks) {
        return tasks.stream().map(t -> createOrGet(t.task(), t.firstWork())).toList();
    }

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

    /**
     * Writes {@code change.next()} only if the stored version is {@code change.expectedVersion()}, with the ledger line
     * of its {@link io.sorarelay.domain.credit.Settlement#of settlement} (a capture or a release) in the same step.
     */
    UpdateResult update(TaskUpdate update);

    /**
     * Several updates of different tasks as one atomic step: each is written only if its own version (and
     * lease) condition holds, whatever happens to the others, and each one written appends its event; one
     * owner's events are numbered in the order of the list. Answers one result per update, in the same order.
     * A store that can fail part-way writes all of them or none. The default writes them one by one, which is
     * what a store without a cheaper way does; a database does them in one statement.
     *
     * @throws IllegalArgumentException if two updates are of the same task (the second could only conflict)
     */
    default List<UpdateResult> updateAll(List<TaskUpdate> updates) {
        requireDistinctTasks(updates);
        return updates.stream().map(this::update).toList();
    }

    /** The check every {@link #updateAll} makes first, before writing anything. */
    static void requireDistinctTasks(List<TaskUpdate> updates) {
        Set<VideoId> seen = new HashSet<>();
        for (TaskUpdate u : updates)
            if (!seen.add(u.change().next().id())) throw new IllegalArgumentException("two updates of task " + u.change().next().id() + " in one batch");
    }
}
