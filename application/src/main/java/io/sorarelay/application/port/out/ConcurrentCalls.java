package io.sorarelay.application.port.out;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs a use case's calls at the same time, a few at once. The use case says which calls and how many may run
 * together; on which threads they run is the adapter's business (the JDK's threads in a server, the caller's
 * own thread in a test that wants every step in order).
 */
public interface ConcurrentCalls {

    /** A batch whose calls run at most {@code width} at once. */
    Batch open(int width);

    /** Every call of {@code calls}, at most {@code width} at once; answers when all have ended. */
    default void runAll(List<? extends Runnable> calls, int width) {
        try (Batch batch = open(width)) {
            calls.forEach(call -> batch.submit(() -> {
                call.run();
                return null;
            }));
        }
    }

    /** Calls started together; closing it waits for every one of them. */
    interface Batch extends AutoCloseable {
        /**
         * Waits until fewer than the batch's width run, then starts {@code call}. The result completes with the
         * call's answer, or exceptionally with what it threw.
         */
        <T> CompletableFuture<T> submit(Supplier<T> call);

        /** Waits for every call submitted. */
        @Override void close();
    }

    /**
     * Each call on the caller's thread, at once, one after the other: no threads at all. The default of
     * {@code RelayServices.Ports} for callers that bring no concurrency (tests that want every step in order).
     */
    ConcurrentCalls ON_CALLERS_THREAD = width -> new Batch() {
        @Override public <T> CompletableFuture<T> submit(Supplier<T> call) {
            try {
                return CompletableFuture.completedFuture(call.get());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override public void close() { }
    };
}
