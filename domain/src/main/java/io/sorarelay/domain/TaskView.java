package io.sorarelay.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The task as clients see it (the contract's task object, minus the derived {@code videoUrl}):
 * what an event carries and what an event log stores.
 *
 * @param channel the channel that holds the upstream job (null before the submit); for operators, not in the public API
 * @param cost    the task's credits and where they are; null for a free task
 * @param progressEstimated whether {@code progress} is the relay's estimate ({@link ProgressEstimate}) rather than the
 *                          provider's figure: true only while a task of such a model is queued or processing
 */
public record TaskView(
        String videoId,
        String clientRequestId,
        String externalTaskId,
        String type,
        TaskStatus status,
        int progress,
        String model,
        String prompt,
        String seconds,
        String size,
        String remixedFrom,
        String remixedFromExternal,
        String retryOf,
        TaskError error,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        long version,
        String channel,
        Cost cost,
        boolean progressEstimated) {

    /** A task's price and what became of it: {@code held} while it runs, then {@code charged} or {@code released}. */
    public record Cost(long credits, String state) {}

    /** A view whose progress is the provider's own figure. */
    public TaskView(String videoId, String clientRequestId, String externalTaskId, String type, TaskStatus status, int progress,
                    String model, String prompt, String seconds, String size, String remixedFrom, String remixedFromExternal,
                    String retryOf, TaskError error, Instant createdAt, Instant updatedAt, Instant completedAt, long version,
                    String channel, Cost cost) {
        this(videoId, clientRequestId, externalTaskId, type, status, progress, model, prompt, seconds, size, remixedFrom,
                remixedFromExternal, retryOf, error, createdAt, updatedAt, completedAt, version, channel, cost, false);
    }

    /** A free task's view. */
    public TaskView(String videoId, String clientRequestId, String externalTaskId, String type, TaskStatus status, int progress,
                    String model, String prompt, String seconds, String size, String remixedFrom, String remixedFromExternal,
                    String retryOf, TaskError error, Instant createdAt, Instant updatedAt, Instant completedAt, long version,
                    String channel) {
        this(videoId, clientRequestId, externalTaskId, type, status, progress, model, prompt, seconds, size, remixedFrom,
                remixedFromExternal, retryOf, error, createdAt, updatedAt, completedAt, version, channel, null);
    }

    static TaskView of(VideoTask t) {
        Lineage l = t.lineage();
        VideoSpec s = t.request().spec();
        return new TaskView(t.id().value(), str(t.clientRequestId()), str(t.externalTaskId()), l.type().wireName(),
                t.status(), t.progress(), s.model(), t.request().prompt().value(), s.seconds(), s.size(),
                str(l.remixedFrom()), str(l.remixedFromExternal()), str(l.retryOf()), t.error().orElse(null),
                t.createdAt(), t.updatedAt(), t.completedAt().orElse(null), t.version(), str(t.channel()),
                t.cost().value() == 0 ? null : new Cost(t.cost().value(), costState(t.status())),
                t.request().progressEstimated() && !t.isTerminal());
    }

    /** The same reading of the state as {@code TaskCharge.of}, named as the contract names it. */
    private static String costState(TaskStatus status) {
        return switch (status) {
            case QUEUED, PROCESSING -> "held";
            case COMPLETED -> "charged";
            case FAILED, CANCELLED -> "released";
        };
    }

    private static String str(Optional<?> o) {
        return o.map(Object::toString).orElse(null);
    }
}
