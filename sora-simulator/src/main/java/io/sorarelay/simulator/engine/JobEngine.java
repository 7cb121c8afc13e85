package io.sorarelay.simulator.engine;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * What every simulated protocol's jobs share: the clock, how long a job takes (fixed, or log-normal
 * around a median like real jobs with a long tail), the chance it fails, ids from one seeded random,
 * the counters, and one timer for "this job has finished" callbacks. Each protocol keeps its jobs in
 * its own {@link JobStore}, made here.
 */
public final class JobEngine implements AutoCloseable {

    /**
     * How long jobs take and where randomness starts.
     *
     * @param sigma 0 = every job takes {@code median}; otherwise durations are log-normal with this spread around it
     */
    public record Timing(Duration median, double sigma, long seed) {
        public Timing {
            Objects.requireNonNull(median);
            if (median.isNegative() || sigma < 0) throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /**
     * Jobs made on this thread since {@link #watchNewJobs()}: a request is handled on one thread from its faults to its
     * answer, so the shared layer learns whether it made a job (and may then lose its answer) without asking the protocol.
     */
    private static final ThreadLocal<int[]> MADE_HERE = new ThreadLocal<>();

    private final Timing timing;
    private final InstantSource clock;
    private final DoubleSupplier failRate;
    private final Stats stats;
    private final Random random;
    private final List<JobStore<?>> stores = new CopyOnWriteArrayList<>();
    // Jobs cost no thread while they run: one timer holds every pending "finished" callback.
    private final ScheduledExecutorService finishTimer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sim-job-finish").factory());

    /** @param failRate the share of jobs that fail by chance, read at each create (it is a run-time fault) */
    public JobEngine(Timing timing, InstantSource clock, DoubleSupplier failRate, Stats stats) {
        this.timing = Objects.requireNonNull(timing);
        this.clock = Objects.requireNonNull(clock);
        this.failRate = Objects.requireNonNull(failRate);
        this.stats = Objects.requireNonNull(stats);
        this.random = new Random(timing.seed());
    }

    /** A store for one protocol's jobs, whose ids start with {@code idPrefix} (e.g. {@code video_}). */
    public <P> JobStore<P> store(String idPrefix) {
        JobStore<P> store = new JobStore<>(this, idPrefix);
        stores.add(store);
        return store;
    }

    public long nowMs() { return clock.millis(); }

    public Stats stats() { return stats; }

    /** Every job of every store, oldest first (the admin's job list). */
    public List<Job<?>> allJobs() {
        return stores.stream().<Job<?>>flatMap(s -> s.all().stream()).sorted(Comparator.comparingLong(Job::createdAtMs)).toList();
    }

    <P> Job<P> newJob(String idPrefix, P payload, boolean failsOnPurpose) {
        boolean fails = failsOnPurpose || ThreadLocalRandom.current().nextDouble() < failRate.getAsDouble();
        String id = idPrefix + Long.toHexString(random.nextLong() & Long.MAX_VALUE) + Long.toHexString(System.nanoTime() & 0xffffff);
        stats.count(Stats.Counter.JOBS);
        int[] madeHere = MADE_HERE.get();
        if (madeHere != null) madeHere[0]++;
        return new Job<>(id, payload, clock.millis(), duration(), fails);
    }

    /** Starts counting the jobs this thread makes (a request arrived). */
    public static void watchNewJobs() { MADE_HERE.set(new int[1]); }

    /** Whether this thread made a job since {@link #watchNewJobs()}; stops counting. */
    public static boolean madeNewJob() {
        int[] madeHere = MADE_HERE.get();
        MADE_HERE.remove();
        return madeHere != null && madeHere[0] > 0;
    }

    private long duration() {
        long median = timing.median().toMillis();
        if (timing.sigma() == 0) return median;
        synchronized (random) {
            return Math.max(1, Math.round(median * Math.exp(timing.sigma() * random.nextGaussian())));
        }
    }

    /** Runs {@code callback} on a virtual thread (it may block, e.g. a webhook POST) once {@code job} has finished. */
    void whenDone(Job<?> job, Runnable callback) { at(job.doneAtMs(), callback); }

    /** Runs {@code callback} on a virtual thread at {@code atMs} on the engine's clock (at once if that has passed). */
    void at(long atMs, Runnable callback) {
        long delay = Math.max(0, atMs - clock.millis());
        try {
            finishTimer.schedule(() -> Thread.ofVirtual().start(callback), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // A create racing close(): nobody is left to tell.
        }
    }

    /** Drops the pending callbacks: a closed simulator announces nothing more. */
    @Override public void close() { finishTimer.shutdownNow(); }
}
