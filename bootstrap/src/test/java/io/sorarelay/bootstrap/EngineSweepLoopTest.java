package io.sorarelay.bootstrap;

import io.sorarelay.adapter.memory.InMemoryAdapters;
import io.sorarelay.adapter.memory.InProcessConcurrency;
import io.sorarelay.application.port.in.PollDueTasksUseCase;
import io.sorarelay.application.port.in.SweepUpstreamUseCase;
import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.Timers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The engine's sweep loop: one node at a time per provider, backing off while the store is down, stopping on close. */
class EngineSweepLoopTest {
    private final InMemoryAdapters memory = InMemoryAdapters.create(InstantSource.system());
    private final PollDueTasksUseCase idlePoller = (worker, batch) -> PollDueTasksUseCase.Report.EMPTY;

    private record Call(String provider, Thread thread) {}

    private Engine engine(String worker, SweepUpstreamUseCase sweeper, LockPort locks, Duration interval, Timers timers) {
        return new Engine(idlePoller, sweeper, () -> Set.of("default", "second"), interval, memory.videoTasks(), memory.videoTasks(), locks,
                InstantSource.system(), timers, worker, 10, Duration.ofMillis(50), Duration.ofMinutes(30));
    }

    private static SweepUpstreamUseCase recordingInto(List<Call> calls) {
        return p -> {
            calls.add(new Call(p, Thread.currentThread()));
            return SweepUpstreamUseCase.Report.skipped(0);
        };
    }

    @Test
    void each_provider_is_swept_by_one_node_at_a_time_and_the_loops_end_on_close() {
        Timers jdk = InProcessConcurrency.create().timers();
        List<Call> a = new CopyOnWriteArrayList<>();
        List<Call> b = new CopyOnWriteArrayList<>();
        Engine first = engine("node-a", recordingInto(a), memory.locks(), Duration.ofMillis(20), jdk);
        first.start();
        await().until(() -> a.stream().map(Call::provider).distinct().count() == 2);
        Engine second = engine("node-b", recordingInto(b), memory.locks(), Duration.ofMillis(20), jdk);
        second.start();
        int before = a.size();
        await().until(() -> a.size() >= before + 10);
        assertThat(b).as("the other node finds sweep:<provider> held").isEmpty();

        first.close();
        assertThat(a).extracting(Call::thread).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
        await().until(() -> b.stream().map(Call::provider).distinct().count() == 2);   // released on close: the other node takes over
        second.close();
        assertThat(b).extracting(Call::thread).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    }

    @Test
    void close_ends_the_loops_waits_at_once() {
        List<Call> calls = new CopyOnWriteArrayList<>();
        Engine engine = engine("node-a", recordingInto(calls), memory.locks(), Duration.ofHours(1), InProcessConcurrency.create().timers());
        engine.start();
        await().until(() -> calls.size() == 2);   // each provider swept once; the next sweep is an hour away

        engine.close();

        assertThat(calls).extracting(Call::thread).as("the sweep loops waited an hour; close woke them")
                .allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    }

    /**
     * Pauses the test lets end one at a time: a sweep loop's pause is recorded and waits for {@link #step}; every other
     * loop's pause waits until the engine closes.
     */
    private static final class SteppedTimers implements Timers {
        final List<Duration> sweepPauses = new CopyOnWriteArrayList<>();
        private final Semaphore steps = new Semaphore(0);
        private final CountDownLatch never = new CountDownLatch(1);

        @Override public void pause(Duration d) throws InterruptedException {
            if (!Thread.currentThread().getName().startsWith("sweep-")) {
                never.await();
                return;
            }
            sweepPauses.add(d);
            steps.acquire();
        }

        void step() { steps.release(); }

        @Override public Timer after(Duration delay, Runnable action) { throw new UnsupportedOperationException("the engine schedules nothing"); }
    }

    @Test
    void a_store_outage_backs_the_sweep_off() {
        SteppedTimers timers = new SteppedTimers();
        Engine engine = new Engine(idlePoller, p -> {
            throw new DependencyUnavailableException("database", Duration.ofSeconds(1), null);
        }, () -> Set.of("default"), Duration.ofMillis(10), memory.videoTasks(), memory.videoTasks(), memory.locks(), InstantSource.system(),
                timers, "node-a", 10, Duration.ofMillis(50), Duration.ofMinutes(30));
        engine.start();
        for (int failures = 1; failures < 3; failures++) {
            int seen = failures;
            await().until(() -> timers.sweepPauses.size() == seen);
            timers.step();
        }
        await().until(() -> timers.sweepPauses.size() == 3);
        engine.close();

        assertThat(timers.sweepPauses).as("far longer than the 10 ms interval, and doubling")
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
    /** Every pause waits for the test's next {@link #tick}, which ends all the pauses in progress at once. */
    private static final class TickedTimers implements Timers {
        private volatile CountDownLatch tick = new CountDownLatch(1);

        @Override public void pause(Duration d) throws InterruptedException { tick.await(); }

        synchronized void tick() {
            CountDownLatch ended = tick;
            tick = new CountDownLatch(1);
            ended.countDown();
        }

        @Override public Timer after(Duration delay, Runnable action) { throw new UnsupportedOperationException("the engine schedules nothing"); }
    }

    @Test
    void the_sweep_loops_follow_the_channels_that_list() {
        TickedTimers timers = new TickedTimers();
        Set<String> listing = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of("first"));
        List<Call> calls = new CopyOnWriteArrayList<>();
        Engine engine = new Engine(idlePoller, recordingInto(calls), () -> Set.copyOf(listing), Duration.ofSeconds(2), memory.videoTasks(),
                memory.videoTasks(), memory.locks(), InstantSource.system(), timers, "node-a", 10, Duration.ofMillis(50), Duration.ofMinutes(30));
        engine.start();
        try {
            await().until(() -> calls.stream().anyMatch(c -> c.provider().equals("first")));

            listing.add("later");   // a channel created (or enabled) after start
            await("the new channel swept").until(() -> {
                timers.tick();
                return calls.stream().anyMatch(c -> c.provider().equals("later"));
            });
            assertThat(engine.sweptChannels()).containsExactlyInAnyOrder("first", "later");

            listing.remove("first");   // gone from the directory
            await("the loop of the channel that left ends").until(() -> {
                timers.tick();
                return engine.sweptChannels().equals(Set.of("later"))
                        && calls.stream().filter(c -> c.provider().equals("first")).noneMatch(c -> c.thread().isAlive());
            });
            long firstSweeps = calls.stream().filter(c -> c.provider().equals("first")).count();
            long laterSweeps = calls.stream().filter(c -> c.provider().equals("later")).count();
            await().until(() -> {
                timers.tick();
                return calls.stream().filter(c -> c.provider().equals("later")).count() >= laterSweeps + 3;
            });
            assertThat(calls.stream().filter(c -> c.provider().equals("first")).count()).isEqualTo(firstSweeps);
        } finally {
            engine.close();
        }
        assertThat(calls).extracting(Call::thread).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    }
}
