package io.sorarelay.adapter.postgres;

import io.sorarelay.domain.TaskState;
import io.sorarelay.domain.VideoTask;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * PostgreSQL keeps timestamps to the microsecond (and would round, not truncate, finer ones).
 * Every instant is truncated here before it is written, and the task handed back to the caller is
 * the truncated one, so what a write returns equals what a later read returns. The application's
 * clock already truncates ({@code MicrosClock}); this makes the store correct on its own.
 */
final class Micros {
    private Micros() {}

    static Instant truncate(Instant i) {
        return i == null || i.getNano() % 1_000 == 0 ? i : i.truncatedTo(ChronoUnit.MICROS);
    }

    /** How an instant is written: truncated, as timestamptz in UTC, never through the JVM's time zone. */
    static java.time.OffsetDateTime utc(Instant i) {
        return java.time.OffsetDateTime.ofInstant(truncate(i), java.time.ZoneOffset.UTC);
    }

    static VideoTask truncate(VideoTask t) {
        if (exact(t.createdAt()) && exact(t.updatedAt()) && exact(t.progressAt()) && exact(t.deadlineAt())
                && t.submittedAt().map(Micros::exact).orElse(true) && exact(t.state())) return t;
        TaskState state = switch (t.state()) {
            case TaskState.Completed c -> new TaskState.Completed(truncate(c.completedAt()));
            case TaskState.Failed f -> new TaskState.Failed(f.error(), truncate(f.failedAt()));
            case TaskState.Cancelled c -> new TaskState.Cancelled(truncate(c.cancelledAt()));
            case TaskState.Queued q -> q;
            case TaskState.Processing p -> p;
        };
        return new VideoTask(t.id(), t.owner(), t.clientRequestId(), t.externalTaskId(), t.channel(), t.request(), t.fingerprint(),
                state, t.progress(), truncate(t.createdAt()), truncate(t.updatedAt()), t.submittedAt().map(Micros::truncate),
                truncate(t.progressAt()), truncate(t.deadlineAt()), t.version(), t.cost());
    }

    private static boolean exact(Instant i) {
        return i.getNano() % 1_000 == 0;
    }

    private static boolean exact(TaskState s) {
        return switch (s) {
            case TaskState.Completed c -> exact(c.completedAt());
            case TaskState.Failed f -> exact(f.failedAt());
            case TaskState.Cancelled c -> exact(c.cancelledAt());
            case TaskState.Queued q -> true;
            case TaskState.Processing p -> true;
        };
    }
}
