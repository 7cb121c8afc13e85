package io.sorarelay.application.service;

import io.sorarelay.application.port.in.StreamTaskEventsUseCase;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.TaskEventSubscriptionPort;
import io.sorarelay.application.port.out.Timers;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Exactly-once, in-order streams over an at-most-once fan-out: live events are delivered only
 * when they are the next id; anything else is a duplicate (dropped) or a gap (filled from the log).
 * Writers publish after their commits, so two writers of one owner often publish out of order: a live
 * event past a gap waits (at most {@link #GAP_WAIT}, at most {@link #MAX_EARLY} of them) for the
 * events before it to arrive live, and the log is read only if they do not.
 *
 * <p>A publisher never waits for a read of the log: the log is read outside the stream's lock, by an action of the
 * {@link Timers} (or the caller of {@link EventStream#catchUp}), and only the delivery takes the lock. Before,
 * a catch-up held the lock during its read, and every writer publishing an event of that owner waited for it,
 * holding its batch's lane: under load, reads made writers late, late writers made more gaps, more gaps more reads.
 */
public final class TaskEventStreamService implements StreamTaskEventsUseCase {
    private static final int PAGE = 500;
    static final Duration GAP_WAIT = Duration.ofMillis(50);
    static final int MAX_EARLY = 1_000;

    private final TaskEventLogPort log;
    private final TaskEventSubscriptionPort subscriptions;
    /** Runs the gap checks and the reads a full waiting room starts, off the publisher's thread. */
    private final Timers timers;

    TaskEventStreamService(TaskEventLogPort log, TaskEventSubscriptionPort subscriptions, Timers timers) {
        this.log = log;
        this.subscriptions = subscriptions;
        this.timers = timers;
    }

    @Override
    public EventStream open(UserId owner, OptionalLong lastEventId, Sink sink) {
        Stream stream = new Stream(owner, sink);
        // Subscribe before reading the log, so nothing published in between is missed: until the stream knows
        // where it starts, live events only wait in it.
        stream.subscription = subscriptions.subscribe(owner, stream::onLive);
        long latest = log.lastEventId(owner);
        if (lastEventId.isEmpty()) {
            stream.start(latest, false);
        } else if (lastEventId.getAsLong() > latest || lastEventId.getAsLong() < 0) {
            // An id this log never issued (e.g. the server's store was replaced): start over.
            stream.start(latest, true);
        } else {
            stream.start(lastEventId.getAsLong(), false);
            stream.catchUp();
        }
        return stream;
    }

    private final class Stream implements EventStream {
        private final UserId owner;
        private final Sink sink;
        private volatile TaskEventSubscriptionPort.Subscription subscription;
        private volatile boolean open = true;
        // The rest is guarded by this stream's lock.
        private long last;
        /** Set once {@link #open} knows the first id; live events before that only wait. */
        private boolean started;
        /** A read of the log is running (outside the lock): only its thread reads. */
        private boolean catchingUp;
        /** Someone asked for a read while one ran: it reads once more. */
        private boolean readAgain;
        /** Live events past a gap, by id, until the gap fills (live or from the log). */
        private final TreeMap<Long, TaskEvent> early = new TreeMap<>();
        private Timers.Timer gapCheck;

        Stream(UserId owner, Sink sink) {
            this.owner = owner;
            this.sink = sink;
        }

        synchronized void start(long from, boolean reset) {
            if (reset) reset(from);
            else last = from;
            started = true;
            deliverEarly();   // drops what waited up to the start, delivers what follows on
            if (!early.isEmpty()) scheduleGapCheck();
        }

        /** On the publisher's thread: never reads the log, never waits for a read. */
        synchronized void onLive(TaskEvent event) {
            if (!open || started && event.id() <= last) return;
            if (started && event.id() == last + 1) {
                deliver(event);
                deliverEarly();
                return;
            }
            // A full waiting room drops the event: it is in the log, which the catch-up reads.
            if (early.size() < MAX_EARLY) early.put(event.id(), event);
            if (!started) return;
            if (early.size() >= MAX_EARLY) startCatchUp();
            else scheduleGapCheck();
        }

        /** The waiting events that now follow on, in order; those at or before the last delivered are dropped. */
        private void deliverEarly() {
            while (open && !early.isEmpty()) {
                Map.Entry<Long, TaskEvent> next = early.firstEntry();
                if (next.getKey() > last + 1) return;
                early.pollFirstEntry();
                if (next.getKey() == last + 1) deliver(next.getValue());
            }
            cancelGapCheck();
        }

        private void scheduleGapCheck() {
            // A read running now ends by looking at what waits (see readLog).
            if (gapCheck == null && !catchingUp)
                gapCheck = timers.after(GAP_WAIT, this::gapOutlivedItsWait);
        }

        private void cancelGapCheck() {
            if (gapCheck != null) {
                gapCheck.cancel();
                gapCheck = null;
            }
        }

        private void gapOutlivedItsWait() {
            synchronized (this) {
                gapCheck = null;
                if (!open || early.isEmpty()) return;
            }
            catchUp();
        }

        /** Holds the lock: reads the log at once off this thread, or has the running read go once more. */
        private void startCatchUp() {
            if (claimRead()) timers.after(Duration.ZERO, this::readLog);
        }

        @Override public void catchUp() {
            synchronized (this) {
                if (!open || !claimRead()) return;
            }
            readLog();
        }

        /**
         * Holds the lock: true if the caller is now the one thread that reads ({@link #readLog}); false if a read
         * runs already, which is then told to go once more.
         */
        private boolean claimRead() {
            if (catchingUp) {
                readAgain = true;
                return false;
            }
            catchingUp = true;
            cancelGapCheck();
            return true;
        }

        /** Run by the one thread that set {@link #catchingUp}: each page is read without the lock, delivered with it. */
        private void readLog() {
            boolean done = false;
            try {
                while (!done) {
                    long from;
                    synchronized (this) {
                        if (!open) return;
                        from = last;
                        readAgain = false;
                    }
                    TaskEventLogPort.Replay page = log.eventsAfter(owner, from, PAGE);
                    long latest = page instanceof TaskEventLogPort.Replay.Expired ? log.lastEventId(owner) : 0;
                    synchronized (this) {
                        if (!open) return;
                        boolean more = false;
                        switch (page) {
                            case TaskEventLogPort.Replay.Events e -> {
                                for (TaskEvent event : e.events()) {
                                    if (event.id() <= last) continue;
                                    deliver(event);
                                    if (!open) return;
                                }
                                more = e.events().size() == PAGE;
                            }
                            case TaskEventLogPort.Replay.Expired x -> {
                                reset(Math.max(latest, last));
                                early.clear();
                            }
                        }
                        // Whatever waited before this read is in the log (events are published after their commit):
                        // delivered by now (deliverEarly drops it), or next. What came during it and still waits gets the
                        // usual wait.
                        deliverEarly();
                        if (!more && !readAgain) {
                            catchingUp = false;
                            done = true;
                            if (!early.isEmpty()) scheduleGapCheck();
                        }
                    }
                }
            } finally {
                if (!done) synchronized (this) { catchingUp = false; }
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
