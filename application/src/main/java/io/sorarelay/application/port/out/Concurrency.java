package io.sorarelay.application.port.out;

import java.util.Objects;

/**
 * The ports through which the use cases run work at the same time and let time pass. Threads, executors and
 * sleeps live in the adapters that implement them (the JDK's: {@code InProcessConcurrency} in adapter-memory),
 * never in a use case.
 *
 * @param engineCalls the poll pass's work on its claimed tasks: many calls, each mostly waiting on the upstream
 * @param sweepCalls  the upstream sweep's listing, reads and batch writes: a few long steps that must not queue
 *                    behind the engine's many calls
 * @param timers      pauses (the sweep's retry of a refused listing) and delayed actions (a stream's gap check)
 */
public record Concurrency(ConcurrentCalls engineCalls, ConcurrentCalls sweepCalls, Timers timers) {
    public Concurrency {
        Objects.requireNonNull(engineCalls); Objects.requireNonNull(sweepCalls); Objects.requireNonNull(timers);
    }

    /** No threads at all: calls one after the other on the caller's thread ({@link Timers#ON_CALLERS_THREAD}). */
    public static final Concurrency ON_CALLERS_THREAD =
            new Concurrency(ConcurrentCalls.ON_CALLERS_THREAD, ConcurrentCalls.ON_CALLERS_THREAD, Timers.ON_CALLERS_THREAD);
}
