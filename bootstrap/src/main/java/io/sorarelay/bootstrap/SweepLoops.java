package io.sorarelay.bootstrap;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.in.SweepUpstreamUseCase;
import io.sorarelay.application.port.out.LockPort;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The engine's upstream sweep loops: one per channel that lists, following the channel directory. Every sweep interval
 * (and once at start) it reads the listing channels ({@link io.sorarelay.application.port.out.VideoProviderRegistry#listing}):
 * a channel that appeared (created or enabled through the admin API, on this node or another) gets a loop, a channel that
 * left the directory has its loop stopped. A disabled or deleted channel stays in the directory, so it is still swept: the
 * sweep of a channel with nothing in flight is one count and no upstream call, and the tasks pinned to it keep getting
 * their states by the page.
 */
final class SweepLoops {
    private static final System.Logger LOG = System.getLogger(SweepLoops.class.getName());

    private final SweepUpstreamUseCase sweeper;
    private final Supplier<Set<String>> channels;
    private final Duration interval;
    private final LockPort locks;
    private final InstantSource clock;
    private final BackgroundLoop loops;
    private final String worker;
    private final AtomicLong sweeps = new AtomicLong();
    /** The channels with a loop, each with the flag that keeps it going. */
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private Thread follower;

    /** @param interval zero: no sweep loops */
    SweepLoops(SweepUpstreamUseCase sweeper, Supplier<Set<String>> channels, Duration interval, LockPort locks, InstantSource clock,
               BackgroundLoop loops, String worker) {
        this.sweeper = sweeper;
        this.channels = channels;
        this.interval = interval;
        this.locks = locks;
        this.clock = clock;
        this.loops = loops;
        this.worker = worker;
    }

    /** Starts a loop per channel listing now, then follows the directory; the {@link BackgroundLoop} is running. */
    void start() {
        if (interval.isZero()) return;
        follow();
        follower = Thread.ofVirtual().name("channel-sweeps-" + worker).start(() -> {
            while (loops.running()) {
                loops.pause(interval);
                try {
                    follow();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "sweep loops not updated: " + e);
                }
            }
        });
    }

    long sweeps() { return sweeps.get(); }

    /** The channels with a sweep loop on this node. */
    Set<String> swept() { return Set.copyOf(running.keySet()); }

    /** Starts the loop of each listing channel without one and stops the loop of each channel no longer listing. */
    private synchronized void follow() {
        if (!loops.running()) return;
        Set<String> now = channels.get();
        running.entrySet().removeIf(e -> {
            if (now.contains(e.getKey())) return false;
            e.getValue().set(false);
            LOG.log(System.Logger.Level.INFO, "channel " + e.getKey() + " left the directory: its sweep stops");
            return true;
        });
        threads.removeIf(t -> !t.isAlive());
        for (String channel : now) {
            if (running.containsKey(channel)) continue;
            AtomicBoolean wanted = new AtomicBoolean(true);
            running.put(channel, wanted);
            // A platform thread, like the sweep's own workers (UpstreamSweepService.sweepThreads).
            threads.add(Thread.ofPlatform().daemon().name("sweep-" + channel + "-" + worker).start(() -> sweepLoop(channel, wanted)));
        }
    }

    /**
     * Sweeps one channel every interval while this node holds {@code sweep:<channel>} and the channel is still listing.
     * The lock lives a few intervals, so the holder keeps it from sweep to sweep and another node takes over only when
     * it is gone. Without the lock (another node sweeps) the loop just waits for the next interval.
     */
    private void sweepLoop(String channel, AtomicBoolean wanted) {
        Duration ttl = interval.multipliedBy(5).compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : interval.multipliedBy(5);
        Optional<LockPort.Handle> held = Optional.empty();
        int failures = 0;
        try {
            while (loops.running() && wanted.get()) {
                Instant started = clock.instant();
                try {
                    if (held.isPresent() && !held.get().renew(ttl)) held = Optional.empty();
                    if (held.isEmpty()) held = locks.tryAcquire("sweep:" + channel, ttl);
                    if (held.isPresent()) {
                        SweepUpstreamUseCase.Report r = sweeper.sweep(channel);
                        sweeps.incrementAndGet();
                        Duration took = Duration.between(started, clock.instant());
                        // A sweep slower than two intervals makes every swept task that much staler: worth a line.
                        if (took.compareTo(interval.multipliedBy(2)) > 0)
                            LOG.log(System.Logger.Level.WARNING, "sweep of " + channel + " took " + took.toMillis() + " ms: " + r.inFlight()
                                    + " in flight, " + r.listCalls() + " pages, " + r.matched() + " matched, " + r.changed() + " written, "
                                    + r.deferred() + " deferred, " + r.retrieved() + " stragglers retrieved");
                    }
                    failures = 0;
                } catch (DependencyUnavailableException e) {
                    failures++;
                    Duration wait = BackgroundLoop.backoff(failures);
                    LOG.log(System.Logger.Level.WARNING, "sweep of " + channel + " paused: " + e.dependency() + " unavailable; retrying in "
                            + wait.toMillis() + " ms");
                    loops.pause(wait);
                    continue;
                } catch (RuntimeException e) {
                    failures++;
                    LOG.log(System.Logger.Level.ERROR, "sweep of " + channel + " failed", e);
                    loops.pause(BackgroundLoop.backoff(failures));
                    continue;
                }
                Duration spent = Duration.between(started, clock.instant());
                if (spent.compareTo(interval) < 0) loops.pause(interval.minus(spent));
            }
        } finally {
            held.ifPresent(h -> {
                try { h.close(); } catch (RuntimeException e) { /* it expires */ }
            });
        }
    }

    /** Waits for the loops to end; the {@link BackgroundLoop} was stopped (a sweep in the middle of its calls finishes them). */
    void join(Duration each) throws InterruptedException {
        if (follower != null) follower.join(each);
        for (Thread t : threads) t.join(each);
    }
}
