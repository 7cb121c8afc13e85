package io.sorarelay.application.service;

import io.sorarelay.application.port.in.StreamTaskEventsUseCase;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.TaskEventSubscriptionPort;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Exactly-once, in-order streams over an at-most-once fan-out: live events are delivered only
 * when they are the next id; anything else is a duplicate (dropped) or a gap (filled from the log).
 * Writers publish after their commits, so two writers of one owner often publish out of order: a live
 * event past a gap waits (at most {@link #GAP_WAIT_MS}, at most {@link #MAX_EARLY} of them) for the
 * events before it to arrive live, and the log is read only if they do not.
 */
public final class TaskEventStreamService implements StreamTaskEventsUseCase {
    private static final int PAGE = 500;
    static final long GAP_WAIT_MS = 50;
    static final int MAX_EARLY = 1_000;
    /** Only starts the catch-up of a gap that outlived its wait, each on a virtual thread of its own. */
    private static final ScheduledExecutorService GAP_TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stream-gaps").factory());

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

        /** Live events past a gap, by id, until the gap fills (live or from the log). */
        private final TreeMap<Long, TaskEvent> early = new TreeMap<>();
        private ScheduledFuture<?> gapCheck;

        synchronized void onLive(TaskEvent event) {
            if (!open || event.id() <= last) return;
            if (event.id() == last + 1) {
                deliver(event);
                deliverEarly();
            } else if (early.size() >= MAX_EARLY) {
                catchUpLocked();
            } else {
                early.put(event.id(), event);
                if (gapCheck == null)
                    gapCheck = GAP_TIMER.schedule(() -> Thread.ofVirtual().start(this::gapOutlivedItsWait), GAP_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        }

        /** The waiting events that now follow on, in order. */
        private void deliverEarly() {
            while (open && !early.isEmpty()) {
                Map.Entry<Long, TaskEvent> next = early.firstEntry();
                if (next.getKey() > last + 1) return;
                early.pollFirstEntry();
                if (next.getKey() == last + 1) deliver(next.getValue());
            }
            if (gapCheck != null) {
                gapCheck.cancel(false);
                gapCheck = null;
            }
        }

        private synchronized void gapOutlivedItsWait() {
            gapCheck = null;
            if (open && !early.isEmpty()) catchUpLocked();
        }

        @Override public synchronized void catchUp() {
            if (open) catchUpLocked();
        }

        void catchUpLocked() {
            readLog();
            // Whatever waited is in the log (events are published after their commit): delivered by now, or next.
            early.headMap(last, true).clear();
            deliverEarly();
        }

        private void readLog() {
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
