package io.sorarelay.application.service;

import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.RelayMetricsPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.application.port.out.TaskEventPublisher;
import io.sorarelay.domain.ProgressEstimate;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies a decision to the latest stored version of a task: optimistic concurrency with a
 * bounded number of reload-and-decide-again rounds, then the event fan-out after the write.
 * Each write is one {@link SaveVideoTaskPort#update}; a store that can combine concurrent writes into one
 * statement and commit (PostgreSQL's group commit) does so behind that port.
 */
final class TaskWriter {
    private static final int MAX_ROUNDS = 16;
    private static final System.Logger LOG = System.getLogger(TaskWriter.class.getName());

    private final LoadVideoTaskPort load;
    private final SaveVideoTaskPort save;
    private final TaskEventPublisher publisher;
    private final RelayMetricsPort metrics;

    TaskWriter(LoadVideoTaskPort load, SaveVideoTaskPort save, TaskEventPublisher publisher, RelayMetricsPort metrics) {
        this.metrics = metrics;
        this.load = load;
        this.save = save;
        this.publisher = publisher;
    }

    /**
     * @param decide   the decision on the current task
     * @param schedule the engine's next work for a change
     * @return the final transition (a Changed carries the stored task), or empty if the task is gone
     */
    Optional<Transition> apply(VideoId id, Function<VideoTask, Transition> decide, Function<Transition.Changed, NextWork> schedule) {
        return apply(load.findById(id), decide, schedule);
    }

    /**
     * {@link #apply(VideoId, Function, Function)} starting from {@code current}, a version the caller has just read (it
     * saves the first read); a conflict reloads as usual.
     */
    Optional<Transition> apply(VideoTask current, Function<VideoTask, Transition> decide, Function<Transition.Changed, NextWork> schedule) {
        return apply(Optional.of(current), decide, schedule);
    }

    /**
     * An upstream's notice about {@code task}'s job (a webhook, a provider's callback) applied to its latest version at
     * {@code now}: an estimated progress keeps its figure ({@link ProgressEstimate#keep}); a final state ends polling,
     * anything else leaves the engine's schedule as it is.
     */
    Optional<Transition> observe(VideoTask task, UpstreamObservation observation, Instant now) {
        return apply(task, current -> current.observe(ProgressEstimate.keep(current, observation), now),
                changed -> changed.next().isTerminal() ? NextWork.none() : NextWork.keep());
    }

    private Optional<Transition> apply(Optional<VideoTask> first, Function<VideoTask, Transition> decide,
                                       Function<Transition.Changed, NextWork> schedule) {
        Optional<VideoTask> current = first;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (round > 0) current = load.findById(current.orElseThrow().id());
            if (current.isEmpty()) return Optional.empty();
            Transition last = decide.apply(current.get());
            if (!(last instanceof Transition.Changed c)) return Optional.of(last);
            Optional<Transition.Changed> stored = write(new TaskUpdate(c, schedule.apply(c), Optional.empty()));
            if (stored.isPresent()) return Optional.of(stored.get());
        }
        throw new IllegalStateException("task " + first.orElseThrow().id() + " kept changing under " + MAX_ROUNDS + " attempts to update it");
    }

    /** One write attempt; empty on a version (or lease) conflict. Publishes the event on success. */
    Optional<Transition.Changed> write(TaskUpdate update) {
        return stored(update, save.update(update));
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
