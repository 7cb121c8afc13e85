package io.sorarelay.bootstrap;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.in.ArchiveResultsUseCase;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.Timers;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's share of keeping results (docs/results.md): a loop that copies due results (every node takes part;
 * the archive's leases give each task to one node) and, under the lock {@code maintenance:results-retention}, one node
 * at a time deletes results past their retention. It runs beside the {@link Engine}, on a thread of its own, and waits
 * through {@link Timers} like it.
 */
final class ResultArchiver implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ResultArchiver.class.getName());
    /** Copies one node runs per round: each streams a whole video, so a few at a time. */
    static final int BATCH = 4;

    private final ArchiveResultsUseCase archive;
    private final LockPort locks;
    private final Timers timers;
    private final String worker;
    private final Duration interval;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Set<Thread> waiting = new HashSet<>();
    private Thread loop;

    ResultArchiver(ArchiveResultsUseCase archive, LockPort locks, Timers timers, String worker, Duration interval) {
        this.archive = archive;
        this.locks = locks;
        this.timers = timers;
        this.worker = worker;
        this.interval = interval;
    }

    void start() {
        if (!running.compareAndSet(false, true)) return;
        loop = Thread.ofVirtual().name("results-" + worker).start(this::run);
    }

    private void run() {
        int failures = 0;
        long rounds = 0;
        while (running.get()) {
            try {
                ArchiveResultsUseCase.Report r = archive.archiveDue(worker, BATCH);
                if (r.archived() > 0) LOG.log(System.Logger.Level.DEBUG, "archived " + r.archived() + " results");
                // Retention is checked every hundred rounds: results expire in days, not seconds.
                if (rounds++ % 100 == 0) expire();
                failures = 0;
                if (r.claimed() < BATCH) pause(interval);
            } catch (DependencyUnavailableException e) {
                failures++;
                LOG.log(System.Logger.Level.WARNING, "archiving paused: " + e.dependency() + " unavailable");
                pause(Engine.backoff(failures));
            } catch (RuntimeException e) {
                failures++;
                LOG.log(System.Logger.Level.ERROR, "archiving round failed", e);
                pause(Engine.backoff(failures));
            }
        }
    }

    private void expire() {
        Optional<LockPort.Handle> lock = locks.tryAcquire("maintenance:results-retention", Duration.ofMinutes(2));
        if (lock.isEmpty()) return;
        try (LockPort.Handle h = lock.get()) {
            int expired;
            do {
                expired = archive.expireDue(100);
                if (expired > 0) LOG.log(System.Logger.Level.INFO, "deleted " + expired + " results past their retention");
            } while (expired == 100 && running.get());
        }
    }

    private void pause(Duration d) {
        Thread me = Thread.currentThread();
        synchronized (waiting) {
            if (!running.get()) return;
            waiting.add(me);
        }
        try {
            timers.pause(d);
        } catch (InterruptedException e) {
            // close() woke it: the loop sees running == false.
        } finally {
            synchronized (waiting) {
                waiting.remove(me);
                Thread.interrupted();
            }
        }
    }

    /** Stops after the copy in progress (its lease then lapses or it finishes); a copy cut off publishes nothing. */
    @Override public void close() {
        if (!running.compareAndSet(true, false)) return;
        synchronized (waiting) {
            waiting.forEach(Thread::interrupt);
        }
        try {
            if (loop != null) loop.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
