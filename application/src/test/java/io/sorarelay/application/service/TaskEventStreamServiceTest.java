package io.sorarelay.application.service;

import io.sorarelay.application.port.in.StreamTaskEventsUseCase;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.TaskEventSubscriptionPort;
import io.sorarelay.application.testkit.ManualTime;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams over a fan-out that reorders and loses events: every event once, in order, and the log read only for a real
 * gap. Time is {@link ManualTime}: a gap's wait ends when the test moves the clock past it, and the stream's reads run
 * then, on the thread that moves it.
 */
class TaskEventStreamServiceTest {
    private static final UserId OWNER = new UserId("usr_streams");

    /** The owner's committed events; counts reads. */
    static final class Log implements TaskEventLogPort {
        final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        /** When set, a read signals {@code reading} and then waits for {@code release} (a slow database). */
        volatile CountDownLatch reading, release;

        @Override public Replay eventsAfter(UserId owner, long afterId, int limit) {
            reads.incrementAndGet();
            CountDownLatch r = reading, g = release;
            if (r != null && g != null) {
                r.countDown();
                try {
                    if (!g.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the slow read was never released");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            try {
                synchronized (events) {
                    return new Replay.Events(events.stream().filter(e -> e.id() > afterId).limit(limit).toList());
                }
            } finally {
                answered.incrementAndGet();
            }
        }

        @Override public long lastEventId(UserId owner) {
            synchronized (events) {
                return events.isEmpty() ? 0 : events.getLast().id();
            }
        }

        @Override public int pruneBefore(Instant cutoff) { return 0; }
    }

    /** A fan-out the test drives by hand. */
    static final class Bus implements TaskEventSubscriptionPort {
        final List<Consumer<TaskEvent>> listeners = new CopyOnWriteArrayList<>();

        @Override public Subscription subscribe(UserId owner, Consumer<TaskEvent> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void publish(TaskEvent e) { listeners.forEach(l -> l.accept(e)); }
    }

    private final Log log = new Log();
    private final Bus bus = new Bus();
    private final ManualTime time = new ManualTime();
    private final TaskEventStreamService service = new TaskEventStreamService(log, bus, time);
    private final List<Long> received = new CopyOnWriteArrayList<>();

    private StreamTaskEventsUseCase.EventStream open() {
        return service.open(OWNER, OptionalLong.empty(), item -> {
            if (item instanceof StreamTaskEventsUseCase.Item.Event e) received.add(e.event().id());
            return true;
        });
    }

    private static TaskEvent event(long id) {
        TaskView view = new TaskView("video_" + id, null, null, "generate", TaskStatus.QUEUED, 0, "sora-2", "p", "4", "720x1280",
                null, null, null, null, Instant.EPOCH, Instant.EPOCH, null, 0, null);
        return new TaskEvent(id, OWNER, view, Instant.EPOCH);
    }

    /** Commits events up to {@code id} (as writers do before they publish). */
    private void commitUpTo(long id) {
        for (long i = log.lastEventId(OWNER) + 1; i <= id; i++) log.events.add(event(i));
    }

    @Test
    void events_published_out_of_order_are_delivered_in_order_without_reading_the_log() {
        open();
        int readsAtOpen = log.reads.get();
        commitUpTo(4);
        bus.publish(event(2));
        bus.publish(event(4));
        bus.publish(event(1));
        bus.publish(event(3));
        bus.publish(event(2));   // a repeat
        assertThat(received).containsExactly(1L, 2L, 3L, 4L);
        assertThat(log.reads.get()).as("no read of the log: the gap filled live").isEqualTo(readsAtOpen);
    }

    @Test
    void a_gap_the_fan_out_never_fills_is_read_from_the_log_after_the_wait() {
        open();
        int readsAtOpen = log.reads.get();
        commitUpTo(3);
        bus.publish(event(1));
        bus.publish(event(3));   // event 2 was lost by the fan-out
        time.advance(TaskEventStreamService.GAP_WAIT.minusMillis(1));
        assertThat(received).as("event 3 waits for event 2 to arrive live").containsExactly(1L);
        assertThat(log.reads.get()).isEqualTo(readsAtOpen);

        time.advance(Duration.ofMillis(1));

        assertThat(received).as("the wait is over: the gap is read from the log").containsExactly(1L, 2L, 3L);
        commitUpTo(4);
        bus.publish(event(4));
        assertThat(received).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void too_many_events_past_a_gap_start_a_read_of_the_log_at_once_and_none_is_lost() {
        open();
        int readsAtOpen = log.reads.get();
        int n = TaskEventStreamService.MAX_EARLY + 50;
        commitUpTo(n);
        for (long id = 2; id <= n; id++) bus.publish(event(id));   // event 1 lost; more wait than the room holds
        assertThat(log.reads.get()).as("nothing read on the publishers' thread").isEqualTo(readsAtOpen);

        time.advance(Duration.ZERO);   // what was started runs; no time passes, so no gap's wait is over

        assertThat(received).as("caught up from the log when the waiting room was full").hasSize(n).isSorted().doesNotHaveDuplicates();
        assertThat(log.reads.get() - readsAtOpen).as("one read (or one more for what came during it), not one per event").isBetween(1, 2);
    }

    @Test
    void a_publisher_does_not_wait_for_a_streams_read_of_the_log() throws Exception {
        open();
        commitUpTo(3);
        bus.publish(event(1));
        log.reading = new CountDownLatch(1);
        log.release = new CountDownLatch(1);
        bus.publish(event(3));   // event 2 late: after the wait, the stream reads the log, and the database is slow
        try (ExecutorService reader = Executors.newSingleThreadExecutor(); ExecutorService publisher = Executors.newSingleThreadExecutor()) {
            Future<?> waitOver = reader.submit(() -> time.advance(TaskEventStreamService.GAP_WAIT));
            assertThat(log.reading.await(10, TimeUnit.SECONDS)).as("the gap's read started").isTrue();
            // While the read hangs, event 2 arrives live after all: its publisher is not held, and 2 and 3 go out.
            publisher.submit(() -> bus.publish(event(2))).get(10, TimeUnit.SECONDS);
            commitUpTo(4);
            publisher.submit(() -> bus.publish(event(4))).get(10, TimeUnit.SECONDS);
            assertThat(received).containsExactly(1L, 2L, 3L, 4L);
            log.reading = null;
            commitUpTo(5);
            log.release.countDown();
            waitOver.get(10, TimeUnit.SECONDS);
        }
        assertThat(log.answered.get()).as("the slow read ended").isEqualTo(log.reads.get());
        bus.publish(event(5));
        assertThat(received).as("the read's events were delivered already: none twice").containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void many_writers_publishing_concurrently_and_dropping_some_events_still_give_every_event_once_in_order() {
        open();
        int n = 5_000;
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            for (int w = 0; w < 8; w++) {
                writers.submit(() -> {
                    while (true) {
                        long id;
                        // a writer takes the owner's next id and commits it, then publishes after the commit
                        synchronized (log) {
                            id = next.incrementAndGet();
                            if (id > n) return;
                            log.events.add(event(id));
                        }
                        if (id % 97 != 0) bus.publish(event(id));   // the fan-out loses about 1 % of them
                    }
                });
            }
        }
        assertThat(received).as("the lost events hold back those after them").hasSizeLessThan(n);

        time.advance(TaskEventStreamService.GAP_WAIT);

        assertThat(received).hasSize(n).isSorted().doesNotHaveDuplicates();
        assertThat(time.pending()).as("nothing left waiting").isZero();
    }
}
