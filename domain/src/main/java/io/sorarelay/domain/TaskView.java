package io.sorarelay.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The task as clients see it (the contract's task object, minus the derived {@code videoUrl}):
 * what an event carries and what an event log stores.
 *
 * @param channel the channel that holds the upstream job (null before the submit); for operators, not in the public API
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
        String channel) {

    static TaskView of(VideoTask t) {
        Lineage l = t.lineage();
        VideoSpec s = t.request().spec();
        return new TaskView(t.id().value(), str(t.clientRequestId()), str(t.externalTaskId()), l.type().wireName(),
                t.status(), t.progress(), s.model(), t.request().prompt().value(), s.seconds(), s.size(),
                str(l.remixedFrom()), str(l.remixedFromExternal()), str(l.retryOf()), t.error().orElse(null),
                t.createdAt(), t.updatedAt(), t.completedAt().orElse(null), t.version(), str(t.channel()));
    }

    private static String str(Optional<?> o) {
        return o.map(Object::toString).orElse(null);
    }
}
