package io.sorarelay.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The task as clients see it (the contract's task object, minus the derived {@code videoUrl}):
 * what an event carries and what an event log stores.
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
        long version) {

    static TaskView of(VideoTask t) {
        Lineage l = t.lineage();
        VideoSpec s = t.request().spec();
        return new TaskView(t.id().value(), str(t.clientRequestId()), str(t.externalTaskId()), l.type().wireName(),
                t.status(), t.progress(), s.model(), t.request().prompt().value(), s.seconds(), s.size(),
                str(l.remixedFrom()), str(l.remixedFromExternal()), str(l.retryOf()), t.error().orElse(null),
                t.createdAt(), t.updatedAt(), t.completedAt().orElse(null), t.version());
    }

    private static String str(Optional<?> o) {
        return o.map(Object::toString).orElse(null);
    }
}
