package io.sorarelay.bootstrap;

import io.sorarelay.application.port.in.CleanUpReferenceImagesUseCase;
import io.sorarelay.application.port.in.PollDueTasksUseCase;
import io.sorarelay.application.port.in.SweepUpstreamUseCase;
import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.Timers;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * This node's background work: the poll loop (claim due tasks, work them, repeat at once while
 * there is more, otherwise idle briefly; back off while the store is down), the upstream sweep per
 * channel that lists ({@link SweepLoops}: every sweep interval, one node at a time under the lock {@code sweep:<channel>},
 * following the channel directory as channels come and go) and the
 * singleton maintenance (event-log pruning, the cleanup of reference images) that one node at a time does under a lock.
 *
 * <p>The loops run on threads of their own (wiring is this module's business), but they measure time on the clock
 * and wait through the {@link Timers}, so a test moves time by hand; {@link #close} ends a wait at once.
 */
final class Engine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    private final PollDueTasksUseCase poller;
    private final ClaimDueTasksPort claims;
    private final TaskEventLogPort eventLog;
    private final LockPort locks;
    private final InstantSource clock;
    private final String worker;
    private final int batchSize;
    private final Duration idle;
    private final Duration retention;
    private final CleanUpReferenceImagesUseCase imageCleanup;
    private final Duration maintenanceInterval;
    private final SweepLoops sweepLoops;
    private final BackgroundLoop loops;
    private final AtomicLong passes = new AtomicLong();
    private Thread loop;
    private Thread maintenance;

    /**
     * @param sweptChannels the channels that list now, asked every sweep interval ({@link SweepLoops})
     * @param sweepInterval zero: no sweep loops
     */
    Engine(PollDueTasksUseCase poller, SweepUpstreamUseCase sweeper, Supplier<Set<String>> sweptChannels, Duration sweepInterval,
           ClaimDueTasksPort claims, TaskEventLogPort eventLog, LockPort locks, InstantSource clock, Timers timers,
           String worker, int batchSize, Duration idle, Duration retention) {
        this(poller, sweeper, sweptChannels, sweepInterval, claims, eventLog, locks, clock, timers, worker, batchSize, idle, retention,
                () -> new CleanUpReferenceImagesUseCase.Report(0, 0, 0, 0), Duration.ofSeconds(30));
    }

    /**
     * @param maintenanceInterval the pause between two rounds of maintenance (event pruning, image cleanup)
     */
    Engine(PollDueTasksUseCase poller, SweepUpstreamUseCase sweeper, Supplier<Set<String>> sweptChannels, Duration sweepInterval,
           ClaimDueTasksPort claims, TaskEventLogPort eventLog, LockPort locks, InstantSource clock, Timers timers,
           String worker, int batchSize, Duration idle, Duration retention, CleanUpReferenceImagesUseCase imageCleanup,
           Duration maintenanceInterval) {
        this.imageCleanup = imageCleanup;
        this.maintenanceInterval = maintenanceInterval;
        this.loops = new BackgroundLoop(timers);
        this.poller = poller;
        this.sweepLoops = new SweepLoops(sweeper, sweptChannels, sweepInterval, locks, clock, loops, worker);
        this.claims = claims;
        this.eventLog = eventLog;
        this.locks = locks;
        this.clock = clock;
        this.worker = worker;
        this.batchSize = batchSize;
        this.idle = idle;
        this.retention = retention;
    }

    void start() {
        if (!loops.start()) return;
        loop = Thread.ofVirtual().name("engine-" + worker).start(this::pollLoop);
        maintenance = Thread.ofVirtual().name("maintenance-" + worker).start(this::maintenanceLoop);
        sweepLoops.start();
    }

    long passes() { return passes.get(); }

    long sweeps() { return sweepLoops.sweeps(); }

    /** The channels this node runs a sweep loop for now. */
    Set<String> sweptChannels() { return sweepLoops.swept(); }

    private void pollLoop() {
        loops.repeat("engine", () -> {
            PollDueTasksUseCase.Report report = poller.pollDue(worker, batchSize);
            passes.incrementAndGet();
            return report.claimed() >= batchSize;
        }, idle);
    }

    private void maintenanceLoop() {
        while (loops.running()) {
            pause(maintenanceInterval);
            if (!loops.running()) return;
            underLock("maintenance:prune-events", () -> {
                int pruned = eventLog.pruneBefore(clock.instant().minus(retention));
                if (pruned > 0) LOG.log(System.Logger.Level.INFO, "pruned " + pruned + " task events older than " + retention);
            });
            underLock("maintenance:reference-images", () -> {
                CleanUpReferenceImagesUseCase.Report r = imageCleanup.cleanUp();
                if (r.deleted() > 0) LOG.log(System.Logger.Level.DEBUG, "deleted " + r.deleted() + " reference images (" + r.deletedBytes()
                        + " bytes) that no task needs; " + r.stored() + " stored (" + r.storedBytes() + " bytes)");
            });
        }
    }

    /** One maintenance job, if this node gets its lock (another node does it otherwise); a failure waits for the next round. */
    private void underLock(String lockName, Runnable job) {
        try {
            Optional<LockPort.Handle> lock = locks.tryAcquire(lockName, Duration.ofMinutes(2));
            if (lock.isEmpty()) return;
            try (LockPort.Handle h = lock.get()) {
                job.run();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "maintenance (" + lockName + ") failed: " + e);
        }
    }

    private void pause(Duration d) { loops.pause(d); }

    private static Duration backoff(int failures) { return BackgroundLoop.backoff(failures); }

    /** Stops claiming, lets the current pass finish, then hands this node's leases back. */
    @Override public void close() {
        // Only the waits are interrupted: a pass or a sweep in the middle of its calls finishes them (an interrupt
        // would fail them), and its loop then sees it is stopped.
        if (!loops.stop()) return;
        try {
            if (loop != null) loop.join(Duration.ofSeconds(30));
            sweepLoops.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            int released = claims.releaseAll(worker);
            if (released > 0) LOG.log(System.Logger.Level.INFO, "released " + released + " leases on shutdown");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not release leases on shutdown (they will expire): " + e);
        }
    }
}
