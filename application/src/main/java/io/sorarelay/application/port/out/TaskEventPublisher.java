package io.sorarelay.application.port.out;

import io.sorarelay.domain.TaskEvent;

/** Fans a stored event out to every live subscriber of its owner, on any node. Best effort: the log is the truth. */
public interface TaskEventPublisher {
    void publish(TaskEvent event);
}
