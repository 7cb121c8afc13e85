package io.sorarelay.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of one task, as its owner's streams receive it.
 *
 * @param id per-owner, strictly increasing, assigned by the event log when the change is stored
 */
public record TaskEvent(long id, UserId owner, TaskView task, Instant occurredAt) {
    public TaskEvent {
        Objects.requireNonNull(owner);
        Objects.requireNonNull(task);
        Objects.requireNonNull(occurredAt);
        if (id <= 0) throw new IllegalArgumentException("event ids start at 1");
    }
}
