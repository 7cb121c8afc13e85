package io.sorarelay.application.service;

import io.sorarelay.application.port.in.StreamTaskEventsUseCase;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.TaskEventSubscriptionPort;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;

import java.util.OptionalLong;

/**
 * Exactly-once, in-order streams over an at-most-once fan-out: live events are delivered only
 * when they are the next id; anything else is a duplicate (dropped) or a gap (filled from the log).
 */
public final class TaskEventStreamService implements StreamTaskEventsUseCase {
    private static final int PAGE = 500;

    private final TaskEventLogPort log;
    private final TaskEventSubscriptionPort subscriptions;

    TaskEventStreamService(TaskEventLogPort log, TaskEventSubscriptionPort subscriptions) {
        this.log = log;
        this.subscriptions = subscriptions;
    }

    @Override
    public EventStream open(UserId owner, OptionalLong lastEventId, Sink sink) {
        Stream stream = new Stream(owner, sink);
        synchronized (stream) {
            // Subscribe before reading the log, so nothing published in between is missed.
            stream.subscription = subscriptions.subscribe(owner, stream::onLive);
            long latest = log.lastEventId(owner);
            if (lastEventId.isEmpty()) {
                stream.last = latest;
            } else if (lastEventId.getAsLong() > latest || lastEventId.getAsLong() < 0) {
                // An id this log never issued (e.g. the server's store was replaced): start over.
                stream.reset(latest);
            } else {
                stream.last = lastEventId.getAsLong();
                stream.catchUpLocked();
            }
        }
        return stream;
    }

    private final class Stream implements EventStream {
        private final UserId owner;
        private final Sink sink;
        private TaskEventSubscriptionPort.Subscription subscription;
        private long last;
        private volatile boolean open = true;

        Stream(UserId owner, Sink sink) {
            this.owner = owner;
            this.sink = sink;
        }

        synchronized void onLive(TaskEvent event) {
            if (!open || event.id() <= last) return;
            if (event.id() == last + 1) deliver(event);
            else catchUpLocked();
        }

        @Override public synchronized void catchUp() {
            if (open) catchUpLocked();
        }

        void catchUpLocked() {
            while (open) {
                switch (log.eventsAfter(owner, last, PAGE)) {
                    case TaskEventLogPort.Replay.Events e -> {
                        for (TaskEvent event : e.events()) {
                            if (event.id() <= last) continue;
                            deliver(event);
                            if (!open) return;
                        }
                        if (e.events().size() < PAGE) return;
                    }
                    case TaskEventLogPort.Replay.Expired x -> {
                        reset(log.lastEventId(owner));
                        return;
                    }
                }
            }
        }

        void reset(long latest) {
            last = latest;
            if (!sink.offer(new Item.Reset())) close();
        }

        private void deliver(TaskEvent event) {
            last = event.id();
            if (!sink.offer(new Item.Event(event))) close();
        }

        @Override public boolean isOpen() { return open; }

        @Override public void close() {
            open = false;
            TaskEventSubscriptionPort.Subscription s = subscription;
            if (s != null) s.close();
        }
    }
}
