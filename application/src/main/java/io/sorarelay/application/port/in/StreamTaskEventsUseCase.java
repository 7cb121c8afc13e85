package io.sorarelay.application.port.in;

import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;

import java.util.OptionalLong;

/**
 * A live stream of one owner's task events: replays what came after {@code lastEventId} from
 * the log, then delivers live events exactly once and in id order, filling any gap from the log.
 */
public interface StreamTaskEventsUseCase {

    sealed interface Item {
        record Event(TaskEvent event) implements Item {}

        /** The client's last event id is older than the log's retention: it must refetch its list. */
        record Reset() implements Item {}
    }

    /** Receives items in order; answers false when it cannot take more (slow client), which closes the stream. */
    interface Sink {
        boolean offer(Item item);
    }

    interface EventStream extends AutoCloseable {
        /** Reads the log for anything live delivery missed (call periodically: the fallback when fan-out is down). */
        void catchUp();

        boolean isOpen();

        @Override void close();
    }

    EventStream open(UserId owner, OptionalLong lastEventId, Sink sink);
}
