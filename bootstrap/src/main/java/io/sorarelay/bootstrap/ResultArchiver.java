package io.sorarelay.bootstrap;

import io.sorarelay.application.port.in.ArchiveResultsUseCase;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.Timers;

import java.time.Duration;
import java.util.Optional;

/**
 * This node's share of keeping results (docs/results.md): a loop that copies due results (every node takes part;
 * the archive's leases give each task to one node) and, under the lock {@code maintenance:results-retention}, one node
 * at a time deletes results past their retention. It runs beside the {@link Engine}, on a thread of its own, as a
 * {@link BackgroundLoop} like it.
 */
final class ResultArchiver implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ResultArchiver.class.getName());
    /** Copies one node runs per round: each streams a whole video, so a few at a time. */
    static final int BATCH = 4;

    private final ArchiveResultsUseCase archive;
    private final LockPort locks;
    private final BackgroundLoop loop;
    private final String worker;
    private final Duration interval;
    private long rounds;
    private Thread thread;

    ResultArchiver(ArchiveResultsUseCase archive, LockPort locks, Timers timers, String worker, Duration interval) {
        this.archive = archive;
        this.locks = locks;
        this.loop = new BackgroundLoop(timers);
        this.worker = worker;
        this.interval = interval;
    }

    void start() {
        if (!loop.start()) return;
        thread = Thread.ofVirtual().name("results-" + worker).start(() -> loop.repeat("archiving", this::round, interval));
    }

    private boolean round() {
        ArchiveResultsUseCase.Report r = archive.archiveDue(worker, BATCH);
        if (r.archived() > 0) LOG.log(System.Logger.Level.DEBUG, "archived " + r.archived() + " results");
        // Retention is checked every hundred rounds: results expire in days, not seconds.
        if (rounds++ % 100 == 0) expire();
        return r.claimed() >= BATCH;
    }

    private void expire() {
        Optional<LockPort.Handle> lock = locks.tryAcquire("maintenance:results-retention", Duration.ofMinutes(2));
        if (lock.isEmpty()) return;
        try (LockPort.Handle h = lock.get()) {
            int expired;
            do {
                expired = archive.expireDue(100);
                if (expired > 0) LOG.log(System.Logger.Level.INFO, "deleted " + expired + " results past their retention");
            } while (expired == 100 && loop.running());
        }
    }

    /** Stops after the copy in progress (its lease then lapses or it finishes); a copy cut off publishes nothing. */
    @Override public void close() {
        if (!loop.stop()) return;
        try {
            if (thread != null) thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
