package io.sorarelay.application.port.out;

import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;

import java.time.Instant;
import java.util.List;

/** Reads the durable per-user event log that {@link SaveVideoTaskPort} appends to. */
public interface TaskEventLogPort {

    sealed interface Replay {
        /** The owner's events with ids greater than the one asked for, in id order, at most the limit. */
        record Events(List<TaskEvent> events) implements Replay {}

        /** Some events after the id asked for are no longer retained: the client must refetch. */
        record Expired() implements Replay {}
    }

    /**
     * Events of {@code owner} with id &gt; {@code afterId}. Never shows event N+1 unless event N is
     * visible too (for every N above {@code afterId}).
     */
    Replay eventsAfter(UserId owner, long afterId, int limit);

    /** The owner's latest event id (0 when none). */
    long lastEventId(UserId owner);

    /** Drops events older than {@code cutoff}; answers how many. */
    int pruneBefore(Instant cutoff);
}
