package io.sorarelay.bootstrap;

import io.sorarelay.adapter.memory.InMemoryAdapters;
import io.sorarelay.application.port.in.PollDueTasksUseCase;
import io.sorarelay.application.port.in.SweepUpstreamUseCase;
import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.LockPort;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's sweep loop: one node at a time per provider, backing off while the store is down, stopping on close. */
class EngineSweepLoopTest {
    private final InMemoryAdapters memory = InMemoryAdapters.create(InstantSource.system());
    private final PollDueTasksUseCase idlePoller = (worker, batch) -> PollDueTasksUseCase.Report.EMPTY;

    private record Call(String provider, Thread thread, long atNanos) {}

    private Engine engine(String worker, SweepUpstreamUseCase sweeper, LockPort locks, Duration interval) {
        return new Engine(idlePoller, sweeper, Set.of("default", "second"), interval, memory.videoTasks(), memory.videoTasks(), locks,
                InstantSource.system(), worker, 10, Duration.ofMillis(50), Duration.ofMinutes(30));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition reached within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void each_provider_is_swept_by_one_node_at_a_time_and_the_loops_end_on_close() throws Exception {
        List<Call> a = new CopyOnWriteArrayList<>();
        List<Call> b = new CopyOnWriteArrayList<>();
        Engine first = engine("node-a", p -> { a.add(new Call(p, Thread.currentThread(), System.nanoTime())); return SweepUpstreamUseCase.Report.skipped(0); },
                memory.locks(), Duration.ofMillis(20));
        first.start();
        await(() -> a.stream().map(Call::provider).distinct().count() == 2);
        Engine second = engine("node-b", p -> { b.add(new Call(p, Thread.currentThread(), System.nanoTime())); return SweepUpstreamUseCase.Report.skipped(0); },
                memory.locks(), Duration.ofMillis(20));
        second.start();
        int before = a.size();
        await(() -> a.size() >= before + 10);
        assertThat(b).as("the other node finds sweep:<provider> held").isEmpty();

        first.close();
        assertThat(a).extracting(Call::thread).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
        await(() -> b.stream().map(Call::provider).distinct().count() == 2);   // the lock was released on close: the other node takes over
        second.close();
        assertThat(b).extracting(Call::thread).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    }

    @Test
    void a_store_outage_backs_the_sweep_off() throws Exception {
        List<Call> calls = new CopyOnWriteArrayList<>();
        Engine engine = engine("node-a", p -> {
            if (p.equals("default")) calls.add(new Call(p, Thread.currentThread(), System.nanoTime()));
            throw new DependencyUnavailableException("database", Duration.ofSeconds(1), null);
        }, memory.locks(), Duration.ofMillis(10));
        engine.start();
        await(() -> calls.size() >= 3);
        engine.close();
        long firstGap = calls.get(1).atNanos() - calls.get(0).atNanos();
        long secondGap = calls.get(2).atNanos() - calls.get(1).atNanos();
        assertThat(Duration.ofNanos(firstGap)).as("far longer than the 10 ms interval").isGreaterThan(Duration.ofMillis(200));
        assertThat(secondGap).as("growing").isGreaterThan(firstGap);
    }
}
