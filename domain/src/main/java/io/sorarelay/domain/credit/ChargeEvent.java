package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;
import io.sorarelay.domain.TaskStatus;

import java.util.Objects;

/**
 * Something that happened to a task that may move its money. Events arrive in any order and more
 * than once (concurrent polls, webhooks, a cancel racing a completion), so each is only a claim
 * that {@link Settlement#decide} weighs against the charge already recorded.
 */
public sealed interface ChargeEvent {

    /** The task was stored; its price comes from the catalogue ({@code Price.of(VideoSpec)}). */
    record Created(Credits price) implements ChargeEvent {
        public Created { Objects.requireNonNull(price); }
    }

    /** An idempotent replay of the create: the client already holds for this task. */
    record Replayed() implements ChargeEvent {}

    record Completed() implements ChargeEvent {}

    record Failed() implements ChargeEvent {}

    record Cancelled() implements ChargeEvent {}

    /** The task's deadline passed before the upstream finished. */
    record Expired() implements ChargeEvent {}

    /** A non-terminal observation (queued, progress): it never moves money. */
    record Progressed() implements ChargeEvent {}

    /** The event a task reaching {@code status} raises; a non-terminal status moves no money. */
    static ChargeEvent of(TaskStatus status) {
        return switch (status) {
            case COMPLETED -> new Completed();
            case FAILED -> new Failed();
            case CANCELLED -> new Cancelled();
            case QUEUED, PROCESSING -> new Progressed();
        };
    }
}
