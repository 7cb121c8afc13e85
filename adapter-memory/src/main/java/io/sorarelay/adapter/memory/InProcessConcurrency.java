package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.Concurrency;
import io.sorarelay.application.port.out.ConcurrentCalls;
import io.sorarelay.application.port.out.Timers;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The use cases' concurrency on the JDK's threads: what a server runs. The engine's calls each get a virtual
 * thread (a pass is hundreds of calls, each mostly waiting on the upstream). The sweep's steps run on platform
 * threads: one sweep checks thousands of tasks, and on virtual threads each of its steps (a listing call, a read,
 * a batch write) queues behind every runnable virtual thread of the engine and the HTTP server, where the OS
 * schedules a few platform threads fairly next to the carrier threads. Pauses sleep; delayed actions wait on one
 * timer thread and then run on a virtual thread of their own, so a slow action never delays another.
 */
public final class InProcessConcurrency {
    /**
     * Only starts the delayed actions: shared by every relay of the process, like the JDK's common pool. A cancelled
     * action leaves the queue at once: every submit arms a lease heartbeat a third of a lease ahead and cancels it when
     * its call answers, so under load the queue would otherwise hold every submit of the last third of a lease.
     */
    private static final ScheduledExecutorService TIMER = timer();

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("relay-timers").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private InProcessConcurrency() {}

    public static Concurrency create() {
        return new Concurrency(new ThreadedCalls(Thread.ofVirtual().factory()),
                new ThreadedCalls(Thread.ofPlatform().daemon().name("sweep-", 0).factory()), new JdkTimers());
    }

    /** Each call on a new thread of {@code threads}; a batch's caller waits while the batch is full. */
    private record ThreadedCalls(ThreadFactory threads) implements ConcurrentCalls {
        @Override public Batch open(int width) {
            ExecutorService pool = Executors.newThreadPerTaskExecutor(threads);
            Semaphore slots = new Semaphore(width);
            return new Batch() {
                @Override public <T> CompletableFuture<T> submit(Supplier<T> call) {
                    slots.acquireUninterruptibly();
                    CompletableFuture<T> result = new CompletableFuture<>();
                    pool.execute(() -> {
                        T value;
                        try {
                            value = call.get();
                        } catch (RuntimeException | Error e) {
                            slots.release();
                            result.completeExceptionally(e);
                            return;
                        }
                        // The slot is free before the result is seen: a caller that waits for it can submit the next
                        // call into a batch of one without waiting again.
                        slots.release();
                        result.complete(value);
                    });
                    return result;
                }

                @Override public void close() { pool.close(); }
            };
        }
    }

    private static final class JdkTimers implements Timers {
        @Override public void pause(Duration duration) throws InterruptedException { Thread.sleep(duration); }

        @Override public Timer after(Duration delay, Runnable action) {
            if (delay.isZero()) {
                Thread.ofVirtual().start(action);
                return () -> { };
            }
            ScheduledFuture<?> scheduled = TIMER.schedule(() -> Thread.ofVirtual().start(action), delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> scheduled.cancel(false);
        }
    }
}
