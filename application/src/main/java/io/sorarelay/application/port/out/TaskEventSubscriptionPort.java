package io.sorarelay.application.port.out;

import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;

import java.util.function.Consumer;

/** Live events of one owner as published by any node (possibly late, duplicated or with gaps: readers reconcile with the log). */
public interface TaskEventSubscriptionPort {

    interface Subscription extends AutoCloseable {
        @Override void close();
    }

    Subscription subscribe(UserId owner, Consumer<TaskEvent> listener);
}
