package io.sorarelay.bootstrap;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.Timers;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the node's background loops share (the engine's, the result archiver's, the webhook dispatcher's): a running
 * flag; waits through {@link Timers} that {@link #stop} ends at once, and only the waits (a round in the middle of its
 * calls finishes them, then its loop sees it is stopped); and rounds repeated, with a growing pause while they fail.
 * The threads are the owner's business: one loop object may serve several of them.
 */
final class BackgroundLoop {
    /** One round of work: true when it filled its batch, so that the next round starts at once; false to wait first. */
    @FunctionalInterface
    interface Round {
        boolean more();
    }

    private static final System.Logger LOG = System.getLogger(BackgroundLoop.class.getName());

    private final Timers timers;
    private final AtomicBoolean running = new AtomicBoolean();
    /** The loop threads waiting now; guarded by itself, so that stop interrupts a wait and nothing else. */
    private final Set<Thread> waiting = new HashSet<>();

    BackgroundLoop(Timers timers) {
        this.timers = timers;
    }

    /** False when it was started already. */
    boolean start() { return running.compareAndSet(false, true); }

    boolean running() { return running.get(); }

    /** Ends every wait in progress; false when it was not running. The owner then joins its threads. */
    boolean stop() {
        if (!running.compareAndSet(true, false)) return false;
        synchronized (waiting) {
            waiting.forEach(Thread::interrupt);
        }
        return true;
    }

    /**
     * Runs {@code round} until stopped: again at once while it answers true, after {@code idle} otherwise; after a
     * failure, after {@link #backoff} (a dependency that is down is a warning, anything else an error with its trace).
     */
    void repeat(String name, Round round, Duration idle) {
        int failures = 0;
        while (running.get()) {
            try {
                boolean more = round.more();
                failures = 0;
                if (!more) pause(idle);
            } catch (DependencyUnavailableException e) {
                failures++;
                Duration wait = backoff(failures);
                LOG.log(System.Logger.Level.WARNING, name + " paused: " + e.dependency() + " unavailable; retrying in " + wait.toMillis() + " ms");
                pause(wait);
            } catch (RuntimeException e) {
                failures++;
                LOG.log(System.Logger.Level.ERROR, name + " round failed", e);
                pause(backoff(failures));
            }
        }
    }

    /** After {@code failures} failed rounds in a row: half a second, doubling, at most 30 s. */
    static Duration backoff(int failures) {
        return Duration.ofMillis(Math.min(30_000, 250L << Math.min(failures, 7)));
    }

    /** Waits {@code d}, unless the loop is stopping: {@link #stop} ends the wait (and only the wait) at once. */
    void pause(Duration d) {
        Thread me = Thread.currentThread();
        synchronized (waiting) {
            if (!running.get()) return;
            waiting.add(me);
        }
        try {
            timers.pause(d);
        } catch (InterruptedException e) {
            // stop() woke it: the loop sees running() == false.
        } finally {
            synchronized (waiting) {
                waiting.remove(me);
                Thread.interrupted();   // a wake-up that came as the wait ended must not fail the loop's next call
            }
        }
    }
}
