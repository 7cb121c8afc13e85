package io.sorarelay.application.port.out;

import java.time.Duration;

/**
 * How a use case lets time pass: it pauses, or has something done later. A server's adapter sleeps and schedules
 * on the JDK's threads; a test's moves a controllable clock, so no test waits for real time to pass.
 */
public interface Timers {

    /** Returns after {@code duration} (or at once, if the adapter's time only moves when a test moves it). */
    void pause(Duration duration) throws InterruptedException;

    /**
     * Runs {@code action} once, after {@code delay} (zero: as soon as possible). A server's adapter runs it on a
     * thread of its own, so that a caller holding a lock the action takes does not wait for it.
     */
    Timer after(Duration delay, Runnable action);

    /** A scheduled action. */
    interface Timer {
        /** The action does not run if it has not started yet. */
        void cancel();
    }

    /**
     * No threads at all: pauses return at once, an action without delay runs at once on the caller's thread and a
     * delayed one never. The default of {@code RelayServices.Ports} for callers that bring no concurrency: a stream's
     * gap then waits until it fills live (an in-process event bus loses nothing) or its waiting room is full.
     */
    Timers ON_CALLERS_THREAD = new Timers() {
        @Override public void pause(Duration duration) { }

        @Override public Timer after(Duration delay, Runnable action) {
            if (delay.isZero()) action.run();
            return () -> { };
        }
    };
}
