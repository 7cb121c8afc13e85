package io.sorarelay.application.service;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.RelayMetricsPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.application.port.out.TaskEventPublisher;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies a decision to the latest stored version of a task: optimistic concurrency with a
 * bounded number of reload-and-decide-again rounds, then the event fan-out after the write.
 * Single writes from concurrent callers (the engine's submits and polls, cancels, webhooks on their own)
 * are combined into {@link SaveVideoTaskPort#updateAll} calls by a {@link GroupCommit}: alone, a write is
 * one {@code update}; under load, one statement and one commit serve many of them.
 */
final class TaskWriter {
    private static final int MAX_ROUNDS = 16;
    /** Batches of single writes at once, and the most writes in one. */
    static final int WRITE_LANES = 4;
    static final int WRITE_BATCH = 100;
    private static final System.Logger LOG = System.getLogger(TaskWriter.class.getName());

    private final LoadVideoTaskPort load;
    private final SaveVideoTaskPort save;
    private final TaskEventPublisher publisher;
    private final RelayMetricsPort metrics;
    private final GroupCommit<TaskUpdate, Attempt> singles;

    /** One write's outcome in a combined batch: its result, or what the store threw for it alone. */
    private record Attempt(UpdateResult result, RuntimeException failure) {
        UpdateResult get() {
            if (failure != null) throw failure;
            return result;
        }
    }

    TaskWriter(LoadVideoTaskPort load, SaveVideoTaskPort save, TaskEventPublisher publisher, RelayMetricsPort metrics) {
        this.metrics = metrics;
        this.load = load;
        this.save = save;
        this.publisher = publisher;
        this.singles = new GroupCommit<>(WRITE_LANES, WRITE_BATCH, this::combined, batchObserver("write"));
    }

    /** Reports the batches of a {@link GroupCommit} to the metrics, as {@code kind}: create, write or webhook. */
    GroupCommit.BatchObserver batchObserver(String kind) {
        return (items, ranNanos, waitedNanos) -> metrics.storeBatch(kind, items, ranNanos, waitedNanos);
    }

    /**
     * @param decide   the decision on the current task
     * @param schedule the engine's next work for a change
     * @return the final transition (a Changed carries the stored task), or empty if the task is gone
     */
    Optional<Transition> apply(VideoId id, Function<VideoTask, Transition> decide, Function<Transition.Changed, NextWork> schedule) {
        Transition last = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<VideoTask> current = load.findById(id);
            if (current.isEmpty()) return Optional.empty();
            last = decide.apply(current.get());
            if (!(last instanceof Transition.Changed c)) return Optional.of(last);
            Optional<Transition.Changed> stored = write(new TaskUpdate(c, schedule.apply(c), Optional.empty()));
            if (stored.isPresent()) return Optional.of(stored.get());
        }
        throw new IllegalStateException("task " + id + " kept changing under " + MAX_ROUNDS + " attempts to update it");
    }

    /** One write attempt; empty on a version (or lease) conflict. Publishes the event on success. */
    Optional<Transition.Changed> write(TaskUpdate update) {
        return stored(update, singles.submit(update).get());
    }

    /**
     * Concurrent single writes as few store calls as their tasks allow: distinct tasks in one {@code updateAll};
     * a second write of a task in the same batch goes in the next call, after the first (it can only win if the
     * first lost). A batch the store refuses for another reason than being unavailable is written one by one, so
     * one bad write fails only its own caller.
     */
    private List<Attempt> combined(List<TaskUpdate> updates) {
        if (updates.size() == 1) return List.of(new Attempt(save.update(updates.getFirst()), null));
        Attempt[] results = new Attempt[updates.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) pending.add(i);
        while (!pending.isEmpty()) {
            Set<VideoId> tasks = new HashSet<>();
            List<Integer> round = new ArrayList<>();
            List<Integer> later = new ArrayList<>();
            for (int i : pending) (tasks.add(updates.get(i).change().next().id()) ? round : later).add(i);
            List<TaskUpdate> batch = round.stream().map(updates::get).toList();
            List<Attempt> written;
            try {
                written = save.updateAll(batch).stream().map(r -> new Attempt(r, null)).toList();
            } catch (DependencyUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a batch of {0} writes failed ({1}); writing them one by one", batch.size(), e.toString());
                written = batch.stream().map(this::alone).toList();
            }
            for (int j = 0; j < round.size(); j++) results[round.get(j)] = written.get(j);
            pending = later;
        }
        return Arrays.asList(results);
    }

    private Attempt alone(TaskUpdate update) {
        try {
            return new Attempt(save.update(update), null);
        } catch (RuntimeException e) {
            return new Attempt(null, e);
        }
    }

    /**
     * Several write attempts of different tasks in one store call ({@link SaveVideoTaskPort#updateAll}); per update,
     * the stored change or empty on a conflict, in the same order. Publishes the events of those written, in order.
     */
    List<Optional<Transition.Changed>> writeAll(List<TaskUpdate> updates) {
        if (updates.isEmpty()) return List.of();
        List<UpdateResult> results = save.updateAll(updates);
        List<Optional<Transition.Changed>> stored = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) stored.add(stored(updates.get(i), results.get(i)));
        return stored;
    }

    private Optional<Transition.Changed> stored(TaskUpdate update, UpdateResult result) {
        return switch (result) {
            case UpdateResult.Updated u -> {
                metrics.taskChanged(u.task().status().name());
                publish(u.event());
                yield Optional.of(new Transition.Changed(update.change().previous(), u.task()));
            }
            case UpdateResult.Conflict c -> Optional.empty();
        };
    }

    void publish(TaskEvent event) {
        try {
            publisher.publish(event);
        } catch (RuntimeException e) {
            // The event is in the log already; streams catch up from there.
            LOG.log(System.Logger.Level.WARNING, "live fan-out of event {0} failed: {1}", event.id(), e.toString());
        }
    }
}
