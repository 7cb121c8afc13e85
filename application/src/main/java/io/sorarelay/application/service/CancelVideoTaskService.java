package io.sorarelay.application.service;

import io.sorarelay.application.port.in.CancelVideoTaskUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.VideoTask;

import java.time.InstantSource;
import java.util.Optional;

/**
 * Cancels a task. The upstream job (if any) is cancelled by the engine: the task is scheduled for
 * work now, so the cancel reaches the upstream even if this node dies right after answering.
 */
public final class CancelVideoTaskService implements CancelVideoTaskUseCase {
    private final LoadVideoTaskPort load;
    private final TaskWriter writer;
    private final InstantSource clock;

    CancelVideoTaskService(LoadVideoTaskPort load, TaskWriter writer, InstantSource clock) {
        this.load = load;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public Outcome<VideoTask> cancel(CancelVideoTaskCommand c) {
        if (load.findById(c.videoId()).filter(t -> t.isOwnedBy(c.owner())).isEmpty()) return Outcome.err(Problem.NotFound.task());
        Optional<Transition> result = writer.apply(c.videoId(), t -> t.cancel(clock.instant()),
                ch -> ch.next().externalTaskId().isPresent() ? NextWork.at(ch.next().updatedAt()) : NextWork.none());
        if (result.isEmpty()) return Outcome.err(Problem.NotFound.task());
        return switch (result.get()) {
            case Transition.Changed ch -> Outcome.ok(ch.next());
            case Transition.Unchanged u -> Outcome.ok(u.task());
            case Transition.Rejected r -> Outcome.err(new Problem.Conflict("task_already_terminal",
                    "the task is already " + r.task().status() + " and cannot be cancelled"));
        };
    }
}
