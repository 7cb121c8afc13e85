package io.sorarelay.adapter.postgres.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.postgres.PostgresVideoTaskStore;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.SaveVideoTaskPort.NewTask;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Create-task throughput of the PostgreSQL store next to the floor the database allows for the same row: a raw
 * single-row INSERT into a copy of {@code video_tasks} with the same columns, indexes and constraints
 * ({@code LIKE video_tasks INCLUDING ALL}), measured in the same run, alternating, on equal pools. Two paths of the
 * store, each in its own table: {@code single}, one create statement per call (task row + the owner's next event id +
 * the event; {@code createAll} of one task), the statement the store's target is about; and {@code combined},
 * {@link PostgresVideoTaskStore#createOrGet} as the server calls it, where the adapter's group commit combines
 * concurrent calls into one statement and commit. Prints the ratio store/raw per thread count (target: at least 0.7).
 *
 * <p>Not a test (no assertion on time): run {@code bench/postgres-store.sh}. Uses the same
 * database settings as the tests (SORA_TEST_DATABASE_URL or PG* variables, default
 * 127.0.0.1:5432) in a throw-away database. Two to five minutes (the warm-up runs until the JIT has settled).
 */
public final class PostgresStoreBench {
    private static final int[] THREADS = {1, 8, 32};
    /**
     * The baseline and the store are measured in alternating rounds, in ABBA order (raw, store, store, raw, ...), as the
     * HTTP bench does: on this shared machine the speed drifts by tens of percent within a minute, and the database's
     * state drifts with the rows written (checkpoints, tables outgrowing the buffer cache). Rounds of raw then store, the
     * store always second, spread over a tenth or more between runs of the same code at 32 threads.
     * Each round's ratio prints, with their median.
     */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 4);
    private static final Duration SLICE = Duration.ofMillis(Long.getLong("bench.sliceMillis", 2_000));
    /** The interleaved step per thread count (see {@link Interleaved}): its length and slice; 0 s skips it. */
    private static final Duration INTERLEAVED = Duration.ofSeconds(Long.getLong("bench.interleavedSeconds", 8));
    private static final Duration INTERLEAVED_SLICE = Duration.ofMillis(250);
    private static final int OWNERS = 1_000;
    /** The unit of {@code /proc/stat}'s times: 100 ticks per second on every Linux architecture's user ABI. */
    private static final long USER_HZ = 100;

    public static void main(String[] args) throws Exception {
        TestDatabase db = TestDatabase.get();
        PostgresConfig config = db.newSchemaConfig().withPoolSize(32).withConnectionTimeout(Duration.ofSeconds(30));
        try (PostgresAdapter adapter = PostgresAdapter.connect(config); RawInsertBaseline raw = RawInsertBaseline.create(config)) {
            PostgresVideoTaskStore store = adapter.videoTasks();
            Op storeOp = () -> {
                VideoTask t = task(randomOwner());
                if (!(store.createAll(List.of(new NewTask(t, NextWork.at(t.createdAt())))).getFirst() instanceof CreateResult.Inserted))
                    throw new IllegalStateException("a fresh key must insert");
            };
            Op combinedOp = () -> {
                VideoTask t = task(randomOwner());
                if (!(store.createOrGet(t, NextWork.at(t.createdAt())) instanceof CreateResult.Inserted))
                    throw new IllegalStateException("a fresh key must insert");
            };
            Op rawOp = () -> raw.insert(task(randomOwner()));

            System.out.printf(Locale.ROOT, "PostgreSQL store bench: a create (task + event, one statement) vs raw single-row INSERT%n");
            System.out.printf(Locale.ROOT, "database %s, %d owners, %d rounds (ABBA) x %d ms per variant and thread count, then %d s interleaved%n",
                    db.jdbcUrl(), OWNERS, ROUNDS, SLICE.toMillis(), INTERLEAVED.toSeconds());
            System.out.printf(Locale.ROOT, "virtual-thread carriers: %s%n",
                    System.getProperty("jdk.virtualThreadScheduler.parallelism", "the JDK's default (one per processor)"));
            // Warm-up (JIT, prepared statements, pools): every measured step of the tables below, until C2 is done with
            // them; with a fixed short warm-up C2 still compiled through the 32-thread rows.
            JitWarmUp.untilSettled(() -> {
                for (int threads : THREADS) {
                    measure(threads, Duration.ofSeconds(1), rawOp);
                    measure(threads, Duration.ofSeconds(1), storeOp);
                    measure(threads, Duration.ofSeconds(1), combinedOp);
                }
            });
            table("single: one create statement per call (createAll of one task)", storeOp, rawOp, raw);
            table("combined: createOrGet, concurrent calls combined by the group commit (the server's path)", combinedOp, rawOp, raw);

            // The HTTP server runs each request on a fresh virtual thread: the same single-thread loop with every call handed
            // to a new virtual thread (and joined), next to the plain loop, shows what that hand-off costs per create.
            Op onVirtual = () -> {
                Throwable[] failed = new Throwable[1];
                Thread.ofVirtual().start(() -> {
                    try { storeOp.run(); } catch (Throwable e) { failed[0] = e; }
                }).join();
                if (failed[0] != null) throw new IllegalStateException(failed[0]);
            };
            Result plain = measure(1, SLICE, storeOp);
            Result virtual = measure(1, SLICE, onVirtual);
            System.out.printf(Locale.ROOT, "%-8s %14.0f %14.0f %8.2f %12.2f %12.2f   (store, 1 thread: plain vs each call on a new virtual thread)%n",
                    "1/vthr", plain.opsPerSecond(), virtual.opsPerSecond(), virtual.opsPerSecond() / plain.opsPerSecond(),
                    plain.meanMillis(1), virtual.meanMillis(1));
            // What waiting for PostgreSQL costs a virtual thread, by the length of the wait: the same one-thread loop on a
            // platform thread and inside ONE long-lived virtual thread (as a request runs on the server: no hand-off per
            // call), for SELECT 1 (the reply comes within tens of microseconds) and the raw INSERT (the reply waits for the
            // commit's WAL flush). A virtual thread's reply goes through the JDK's poller and then a carrier, each woken in
            // turn, where a platform thread is woken once; on a virtual machine whose idle processors halt, each wake after
            // a long wait is costly (bench/README.md, "Findings").
            record Variant(String label, Op op) {}
            System.out.printf(Locale.ROOT, "%-8s %14s %14s %8s %12s %12s   (1 thread: platform vs one long-lived virtual thread)%n",
                    "", "platform/s", "virtual/s", "ratio", "platform ms", "virtual ms");
            for (Variant variant : List.of(new Variant("1/SELECT", raw::selectOne), new Variant("1/INSERT", rawOp))) {
                Result onPlatform = new Result(0, 0), onVirtualThread = new Result(0, 0);
                for (int round = 0; round < ROUNDS; round++) {
                    onPlatform = onPlatform.plus(measure(1, SLICE, variant.op()));
                    onVirtualThread = onVirtualThread.plus(measureOnOneVirtualThread(SLICE, variant.op()));
                }
                System.out.printf(Locale.ROOT, "%-8s %14.0f %14.0f %8.2f %12.3f %12.3f%n", variant.label(), onPlatform.opsPerSecond(),
                        onVirtualThread.opsPerSecond(), onVirtualThread.opsPerSecond() / onPlatform.opsPerSecond(),
                        onPlatform.meanMillis(1), onVirtualThread.meanMillis(1));
            }
            // Worst case, for the record: every create by ONE owner, whose event sequence row serialises them.
            Op oneOwner = () -> {
                VideoTask t = task(new UserId("bench-single-owner"));
                store.createAll(List.of(new NewTask(t, NextWork.at(t.createdAt()))));
            };
            Result r = measure(32, SLICE, rawOp);
            Result s = measure(32, SLICE, oneOwner);
            System.out.printf(Locale.ROOT, "%-8s %14.0f %14.0f %8.2f %12.2f %12.2f   (all 32 threads create for one owner)%n", "32/1own",
                    r.opsPerSecond(), s.opsPerSecond(), s.opsPerSecond() / r.opsPerSecond(), r.meanMillis(32), s.meanMillis(32));
        }
        System.exit(0); // the test database is dropped by TestDatabase's shutdown hook
    }

    /** One table: per thread count, rounds of raw and {@code storeOp} in ABBA order, then the interleaved step. */
    private static void table(String title, Op storeOp, Op rawOp, RawInsertBaseline raw) throws Exception {
        System.out.println(title);
        // Where each operation's cost lies: this JVM's CPU (the client side), the whole machine's CPU (the JVM, PostgreSQL
        // and the kernel; Linux only) and the WAL its writes logged, per operation.
        System.out.printf(Locale.ROOT, "%-8s %14s %14s %8s %12s %12s %12s %12s %14s %14s %10s %10s%n", "threads", "raw ops/s", "store ops/s",
                "ratio", "raw mean ms", "store mean ms", "raw cpu us", "store cpu us", "raw machine us", "store machine us",
                "raw WAL B", "store WAL B");
        for (int threads : THREADS) {
            Result r = new Result(0, 0);
            Result s = new Result(0, 0);
            double[] perRound = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                Result rawRound = null, storeRound = null;
                // ABBA: raw first in even rounds, the store first in odd ones.
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == (round % 2 == 0)) rawRound = measureWithWal(threads, rawOp, raw);
                    else storeRound = measureWithWal(threads, storeOp, raw);
                }
                perRound[round] = storeRound.opsPerSecond() / rawRound.opsPerSecond();
                r = r.plus(rawRound);
                s = s.plus(storeRound);
            }
            System.out.printf(Locale.ROOT, "%-8d %14.0f %14.0f %8.2f %12.2f %12.2f %12.1f %12.1f %14s %14s %10.0f %10.0f%n", threads,
                    r.opsPerSecond(), s.opsPerSecond(), s.opsPerSecond() / r.opsPerSecond(), r.meanMillis(threads), s.meanMillis(threads),
                    r.cpuMicrosPerOp(), s.cpuMicrosPerOp(), r.machineMicrosPerOp(), s.machineMicrosPerOp(), r.walBytesPerOp(), s.walBytesPerOp());
            System.out.println("         store/raw per round: " + Interleaved.perRound(perRound));
            if (INTERLEAVED.toNanos() > 0)
                System.out.println("         " + threads + (threads == 1 ? " thread, " : " threads, ")
                        + Interleaved.run("store/raw", "store", threads, Duration.ofSeconds(2), INTERLEAVED, INTERLEAVED_SLICE, client -> new Interleaved.Sides() {
                            @Override public void baseline() throws Exception { rawOp.run(); }

                            @Override public boolean candidate() throws Exception {
                                storeOp.run();
                                return true;
                            }
                        }));
        }
    }

    private interface Op { void run() throws Exception; }

    /**
     * {@code cpuNanos}: this JVM's CPU time (client side: JDBC, pool, mapping, JSON, GC) over the slice;
     * {@code machineCpuNanos}: every processor's busy time (negative where {@code /proc/stat} cannot be read);
     * {@code walBytes}: the WAL written meanwhile (0 where not measured).
     */
    private record Result(long ops, long nanos, long cpuNanos, long machineCpuNanos, long walBytes) {
        Result(long ops, long nanos) { this(ops, nanos, 0, 0, 0); }

        Result plus(Result o) {
            long machine = machineCpuNanos < 0 || o.machineCpuNanos < 0 ? -1 : machineCpuNanos + o.machineCpuNanos;
            return new Result(ops + o.ops, nanos + o.nanos, cpuNanos + o.cpuNanos, machine, walBytes + o.walBytes);
        }

        double cpuMicrosPerOp() { return ops == 0 ? 0 : cpuNanos / 1e3 / ops; }

        String machineMicrosPerOp() {
            return machineCpuNanos < 0 || ops == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", machineCpuNanos / 1e3 / ops);
        }

        double walBytesPerOp() { return ops == 0 ? 0 : (double) walBytes / ops; }

        double opsPerSecond() { return ops * 1e9 / nanos; }

        double meanMillis(int threads) { return ops == 0 ? 0 : threads * (nanos / 1e6) / ops; }
    }

    private static Result measure(int threads, Duration duration, Op op) throws Exception {
        AtomicLong ops = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        long[] window = new long[2];
        long[] cpu = new long[2];
        long[] machine = new long[2];
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            long[] end = new long[1];
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    long n = 0;
                    while (System.nanoTime() < end[0]) {
                        op.run();
                        n++;
                    }
                    ops.addAndGet(n);
                    return null;
                }));
            }
            cpu[0] = processCpuNanos();
            machine[0] = machineBusyNanos();
            window[0] = System.nanoTime();
            end[0] = window[0] + duration.toNanos();
            start.countDown();
            for (Future<?> f : futures) f.get();
            window[1] = System.nanoTime();
            cpu[1] = processCpuNanos();
            machine[1] = machineBusyNanos();
        }
        long machineCpu = machine[0] < 0 || machine[1] < 0 ? -1 : machine[1] - machine[0];
        return new Result(ops.get(), window[1] - window[0], cpu[1] - cpu[0], machineCpu, 0);
    }

    /** {@link #measure} for one slice, with the WAL the database wrote during it. */
    private static Result measureWithWal(int threads, Op op, RawInsertBaseline database) throws Exception {
        long before = database.walBytes();
        Result r = measure(threads, SLICE, op);
        long after = database.walBytes();
        return new Result(r.ops(), r.nanos(), r.cpuNanos(), r.machineCpuNanos(), after - before);
    }

    /**
     * Every processor's busy time so far (user, nice, system, irq and softirq of {@code /proc/stat}'s {@code cpu} line), or -1 where
     * that file cannot be read (not Linux).
     */
    private static long machineBusyNanos() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))) {
                if (!line.startsWith("cpu ")) continue;
                String[] f = line.trim().split("\\s+");
                long busyTicks = 0;
                for (int i = 1; i < f.length && i <= 7; i++) if (i != 4 && i != 5) busyTicks += Long.parseLong(f[i]);
                return busyTicks * (1_000_000_000L / USER_HZ);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or a format we do not know: the column says n/a
        }
        return -1;
    }

    /** {@code op} in a loop for {@code duration} inside one virtual thread, started once and joined. */
    private static Result measureOnOneVirtualThread(Duration duration, Op op) throws Exception {
        long[] ops = new long[1];
        Throwable[] failed = new Throwable[1];
        long start = System.nanoTime(), end = start + duration.toNanos();
        Thread.ofVirtual().start(() -> {
            try {
                while (System.nanoTime() < end) {
                    op.run();
                    ops[0]++;
                }
            } catch (Throwable e) {
                failed[0] = e;
            }
        }).join();
        if (failed[0] != null) throw new IllegalStateException(failed[0]);
        return new Result(ops[0], System.nanoTime() - start);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static UserId randomOwner() {
        return new UserId("bench-owner-" + ThreadLocalRandom.current().nextInt(OWNERS));
    }

    static VideoTask task(UserId owner) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        VideoId id = VideoId.generate(now, ThreadLocalRandom.current());
        TaskRequest request = new TaskRequest(owner, new Prompt("a paper boat drifting down a rainy street, cinematic"),
                new VideoSpec("sora-2", "8", "1280x720"), "default", Optional.empty(), Lineage.generate());
        return VideoTask.create(id, request, Optional.of(new ClientRequestId("req-" + id.value())), now, now.plus(Duration.ofHours(1)));
    }

}
