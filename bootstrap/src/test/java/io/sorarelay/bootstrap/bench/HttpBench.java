package io.sorarelay.bootstrap.bench;

import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.postgres.bench.Interleaved;
import io.sorarelay.adapter.postgres.bench.Interleaved.LatencyLog;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.service.AuthSettings;
import io.sorarelay.application.service.CreditSettings;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.PrometheusText;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 5's benchmark (run by bench/http.sh, not a test):
 * 1. create-task throughput and latency through HTTP on the in-memory store at 1/8/32 concurrent
 *    clients, next to the plain GET /health/live rate of the same server in the same run;
 * 2. open SSE streams held, and the heap per stream.
 * The engine is off during (1) so the figure is the API + store path, not the upstream's.
 */
public final class HttpBench {
    private static final Duration WARMUP = Duration.ofSeconds(2);
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 6));

    record Result(double perSecond, double p50Ms, double p99Ms, long errors) {
        /** Rounds of the same measurement: mean rate and median, the worst p99, all errors. */
        static Result of(List<Result> rounds) {
            return new Result(rounds.stream().mapToDouble(Result::perSecond).average().orElseThrow(),
                    rounds.stream().mapToDouble(Result::p50Ms).average().orElseThrow(),
                    rounds.stream().mapToDouble(Result::p99Ms).max().orElseThrow(), rounds.stream().mapToLong(Result::errors).sum());
        }
    }

    /**
     * The baseline and the create are measured in alternating rounds, in ABBA order (raw, create, create, raw, ...): on
     * a shared machine the speed drifts by tens of percent within a minute, and identical runs of the 1-client step
     * have given ratios that differ by half (bench/README.md). Alternating puts both under the same drift;
     * the order keeps either from always running second; four rounds give a median per client count. {@code bench.rounds=0}
     * leaves only the {@link #interleaved} step, which pairs the two more closely still.
     */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 4);

    public static void main(String[] args) throws Exception {
        // The server's carrier count, as Main sets it, before the first virtual thread (the JDK reads it then).
        io.sorarelay.bootstrap.VirtualThreadCarriers.apply(System.getenv());
        System.out.println("virtual-thread carriers: " + io.sorarelay.bootstrap.VirtualThreadCarriers.inEffect());
        int streams = Integer.getInteger("bench.streams", 10_000);
        boolean postgres = Boolean.getBoolean("bench.postgres");
        // A second relay on the same store with credits on (PostgreSQL only), measured in the same rounds: the hold's cost.
        boolean credits = postgres && Boolean.getBoolean("bench.credits");
        io.sorarelay.adapter.postgres.PostgresAdapter pg = null;
        SoraRelay charging = null;
        io.sorarelay.adapter.postgres.bench.RawInsertBaseline raw = null;
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-bench").duration(Duration.ofMinutes(10)).build())) {
            SoraRelay.Builder builder = SoraRelay.builder()
                    .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-bench")))
                    // Sign-in limits off too: the credits side registers as many users again from this address.
                    .settings(RelaySettings.defaults().withLimits(0, 0).withAuth(AuthSettings.defaults().unlimited()))
                    .withoutEngine()
                    // The SSE part holds 100 streams per user and thousands in all: past the production caps on purpose.
                    .http(0, HttpSettings.defaults().withJwtSecret("bench-secret-bench-secret-bench-secret-0123")
                            .withProtection(io.sorarelay.adapter.http.HttpProtection.defaults().withStreamCaps(100, 1_000_000)));
            if (postgres) {
                io.sorarelay.adapter.postgres.PostgresConfig config = io.sorarelay.adapter.postgres.TestDatabase.get().newSchemaConfig()
                        .withPoolSize(32);
                pg = io.sorarelay.adapter.postgres.PostgresAdapter.connect(config);
                raw = io.sorarelay.adapter.postgres.bench.RawInsertBaseline.create(config);
                builder.taskStore(pg.videoTasks()).users(pg.userAccounts()).referenceImages(pg.referenceImages())
                        .webhookDeliveries(pg.webhookDeliveries());
                if (credits) charging = chargingRelay(sim, pg).build().start();
            }
            try (SoraRelay relay = builder.build().start()) {
                String base = "http://127.0.0.1:" + relay.httpPort().orElseThrow();
                Optional<Integer> chargingPort = Optional.ofNullable(charging).map(r -> r.httpPort().orElseThrow());
                String chargingBase = chargingPort.map(p -> "http://127.0.0.1:" + p).orElse(base);
                if (credits) System.out.println("credits: a second relay on the same store with CREDITS=true, users granted "
                        + BENCH_GRANT + " credits: 'hold' rows are its creates, measured in the same rounds");
                System.out.println(postgres ? "store: PostgreSQL (baseline: raw single-row INSERT into a copy of video_tasks, same pool size)"
                        : "store: in memory");
                int[] clientCounts = Arrays.stream(System.getProperty("bench.clients", "1,8,32").split(",")).mapToInt(Integer::parseInt).toArray();
                if (Boolean.parseBoolean(System.getProperty("bench.warmup", "true")))
                    warmUp(relay.httpPort().orElseThrow(), base, raw, clientCounts, chargingPort.map(p -> new Target(p, chargingBase)));
                // "raw p99": the worst round's p99 of the raw INSERT at the same load, the tail the database itself shows.
                System.out.printf(Locale.ROOT, "%-8s %12s %12s %12s %8s %8s %10s %10s %10s%n", "clients", "health/s", "rawINSERT/s", "create/s",
                        "c/health", "c/raw", "p50 ms", "p99 ms", "raw p99");
                for (int clients : clientCounts) {
                    List<ApiClient> users = new ArrayList<>();
                    for (int i = 0; i < clients; i++) users.add(ApiClient.newUser(base));
                    int port = relay.httpPort().orElseThrow();
                    // Only the rounds' line prints the health rate: without rounds it is not measured.
                    Result health = ROUNDS > 0 ? run(port, clients, i -> KeepAliveClient.Request.get("/health/live"), 200) : null;
                    List<Result> insertRounds = new ArrayList<>(), createRounds = new ArrayList<>(), holdRounds = new ArrayList<>();
                    RequestFactory creates = creates(users, "bench");
                    List<ApiClient> granted = new ArrayList<>();
                    if (credits) for (int i = 0; i < clients; i++) granted.add(ApiClient.newUser(chargingBase));
                    RequestFactory held = creates(granted, "held");
                    BatchStats batchesBefore = BatchStats.read(base);
                    for (int round = 0; round < ROUNDS; round++) {
                        // ABBA order (raw first in even rounds, the create first in odd ones): neither side always runs
                        // second, after the other has warmed or tired the machine. The credits side (if on) is the third:
                        // raw, create, hold in even rounds, hold, create, raw in odd ones.
                        List<String> sides = new ArrayList<>(credits ? List.of("raw", "create", "hold") : List.of("raw", "create"));
                        if (round % 2 == 1) java.util.Collections.reverse(sides);
                        for (String side : sides) {
                            System.err.printf(Locale.ROOT, "phase %s clients=%d round=%d at %s%n", side, clients, round, java.time.Instant.now());
                            switch (side) {
                                case "raw" -> { if (raw != null) insertRounds.add(measure(clients, rawInserts(raw, "bench"))); }
                                case "create" -> createRounds.add(run(port, clients, creates, 201));
                                default -> holdRounds.add(run(chargingPort.orElseThrow(), clients, held, 201));
                            }
                        }
                    }
                    if (ROUNDS > 0) {
                        Result inserts = raw == null ? null : Result.of(insertRounds);
                        Result create = Result.of(createRounds);
                        System.out.printf(Locale.ROOT, "%-8d %12.0f %12s %12.0f %8.2f %8s %10.2f %10.2f %10s   (errors %d/%d)%n", clients, health.perSecond(),
                                inserts == null ? "-" : String.format(Locale.ROOT, "%.0f", inserts.perSecond()), create.perSecond(),
                                create.perSecond() / health.perSecond(),
                                inserts == null ? "-" : String.format(Locale.ROOT, "%.2f", create.perSecond() / inserts.perSecond()),
                                create.p50Ms(), create.p99Ms(),
                                inserts == null ? "-" : String.format(Locale.ROOT, "%.2f", inserts.p99Ms()), health.errors(), create.errors());
                        if (inserts != null && ROUNDS > 1) System.out.println("         c/raw per round: " + perRound(createRounds, insertRounds));
                        if (credits) System.out.println(holdLine(clients, Result.of(holdRounds), create, inserts, holdRounds, insertRounds));
                    }
                    if (raw != null && INTERLEAVED.toNanos() > 0) System.out.println("         " + clients + (clients == 1 ? " client, " : " clients, ") + interleaved(port, clients, creates, rawInserts(raw, "bench")));
                    // The in-memory store combines nothing: its "0 batches" would read as a group commit that never ran.
                    if (postgres) System.out.println("         " + BatchStats.read(base).minus(batchesBefore));
                }
                if (streams > 0) sse(base, streams);
            }
        } finally {
            if (charging != null) charging.close();
            if (raw != null) raw.close();
            if (pg != null) pg.close();
        }
        System.exit(0);
    }

    /**
     * Steady state, not the JIT's warm-up ({@link io.sorarelay.adapter.postgres.bench.JitWarmUp}). The raw loop is a few
     * lines that C2 compiles within a step's own 2 s warm-up; the create path is thousands of methods, and on two cores,
     * with the compiler threads competing with the server for them, C2 was still compiling it (about 450 level-4
     * compilations) 40-55 s after the start, during the first two measured rounds at 8 clients, the lowest two of that
     * run's four (bench/README.md). A cycle is each step the bench measures: at each client count a health
     * step (it shares the server's request path, and a step of it between creates reshapes the JIT's profiles of that
     * path) and a create step (each count takes its own paths: the group commit batches only under concurrency), and a
     * raw one; {@code bench.warmup=false} skips it.
     */
    static void warmUp(int port, String base, io.sorarelay.adapter.postgres.bench.RawInsertBaseline raw, int[] clientCounts,
                       Optional<Target> charging) throws Exception {
        List<ApiClient> users = new ArrayList<>(), granted = new ArrayList<>();
        for (int i = 0; i < Arrays.stream(clientCounts).max().orElse(1); i++) users.add(ApiClient.newUser(base));
        if (charging.isPresent()) for (int i = 0; i < users.size(); i++) granted.add(ApiClient.newUser(charging.get().base()));
        RequestFactory creates = creates(users, "warm");
        RequestFactory held = creates(granted, "warm-held");
        io.sorarelay.adapter.postgres.bench.JitWarmUp.untilSettled(() -> {
            for (int clients : clientCounts) {
                run(port, clients, i -> KeepAliveClient.Request.get("/health/live"), 200);
                run(port, clients, creates, 201);
                if (charging.isPresent()) run(charging.get().port(), clients, held, 201);
            }
            if (raw != null) measure(8, rawInserts(raw, "warm"));
        });
    }

    /** A relay the bench sends requests to. */
    record Target(int port, String base) {}

    /** Enough credits for every create a bench run makes (sora-2's default 4 seconds cost 40). */
    private static final long BENCH_GRANT = 1_000_000_000_000L;

    /** The relay of the credits side: the same PostgreSQL store and users, with credits on and a grant for each new user. */
    private static SoraRelay.Builder chargingRelay(SoraSimulator sim, io.sorarelay.adapter.postgres.PostgresAdapter pg) {
        return SoraRelay.builder()
                .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-bench")))
                .settings(RelaySettings.defaults().withLimits(0, 0).withAuth(AuthSettings.defaults().unlimited())
                        .withCredits(CreditSettings.charging(BENCH_GRANT)))
                .withoutEngine()
                .http(0, HttpSettings.defaults().withJwtSecret("bench-secret-bench-secret-bench-secret-0123"))
                .taskStore(pg.videoTasks()).users(pg.userAccounts()).creditLedger(pg.creditLedger()).referenceImages(pg.referenceImages())
                .webhookDeliveries(pg.webhookDeliveries());
    }

    /** The credits side's figures, and what the hold costs: the rate lost and the p99 added against the free create's. */
    static String holdLine(int clients, Result hold, Result create, Result inserts, List<Result> holdRounds, List<Result> insertRounds) {
        return String.format(Locale.ROOT, "%-8s %12s %12.0f %12.0f %8s %8.2f %10.2f %10.2f %10.2f   (errors %d)%n"
                        + "         hold: %.0f%% of the free create's rate lost, p99 %+.2f ms; h/raw per round: %s",
                clients + "+hold", "-", inserts.perSecond(), hold.perSecond(), "-", hold.perSecond() / inserts.perSecond(), hold.p50Ms(), hold.p99Ms(),
                inserts.p99Ms(), hold.errors(), 100 * (1 - hold.perSecond() / create.perSecond()), hold.p99Ms() - create.p99Ms(),
                perRound(holdRounds, insertRounds));
    }

    /** New-task requests, one per call, each user's own, with a fresh client request id (the label tells warm-up from measured). */
    static RequestFactory creates(List<ApiClient> users, String label) {
        AtomicLong seq = new AtomicLong();
        return i -> {
            long n = seq.incrementAndGet();
            return new KeepAliveClient.Request("POST", "/api/relay/sora/videos", users.get(i).token,
                    "{\"prompt\":\"" + label + " " + n + "\",\"clientRequestId\":\"" + label + "-" + n + "-" + System.nanoTime() + "\"}");
        };
    }

    /** The baseline's raw INSERT, one per call, each client its own owner. */
    static Op rawInserts(io.sorarelay.adapter.postgres.bench.RawInsertBaseline raw, String label) {
        return i -> raw.insert(io.sorarelay.adapter.postgres.bench.RawInsertBaseline.task(new io.sorarelay.domain.UserId(label + "-" + i)));
    }

    /**
     * The group commit of creates as the server's {@code /metrics} count it ({@code relay_store_batch*{kind="create"}}):
     * how many creates share a statement and commit, how long one takes, how long its oldest create waited for a lane.
     */
    record BatchStats(double batches, double creates, double seconds, double waitSeconds) {
        static BatchStats read(String base) {
            PrometheusText m = PrometheusText.scrape(base, Optional.empty());
            Map<String, String> creates = Map.of("kind", "create");
            // No batch yet: no series yet.
            return new BatchStats(m.find("relay_store_batch_items_count", creates).orElse(0.0), m.find("relay_store_batch_items_sum", creates).orElse(0.0),
                    m.find("relay_store_batch_seconds_sum", creates).orElse(0.0), m.find("relay_store_batch_wait_seconds_sum", creates).orElse(0.0));
        }

        BatchStats minus(BatchStats before) {
            return new BatchStats(batches - before.batches, creates - before.creates, seconds - before.seconds, waitSeconds - before.waitSeconds);
        }

        @Override public String toString() {
            double n = Math.max(1, batches);
            return String.format(Locale.ROOT, "group commit over these create steps: %.0f batches, %.2f creates per batch, %.2f ms per batch, oldest create waited %.2f ms",
                    batches, creates / n, seconds * 1e3 / n, waitSeconds * 1e3 / n);
        }
    }

    /** Each round's create rate over its own baseline, and their median: the spread tells how far one run is to be trusted. */
    static String perRound(List<Result> creates, List<Result> baselines) {
        double[] r = new double[creates.size()];
        for (int i = 0; i < r.length; i++) r[i] = creates.get(i).perSecond() / baselines.get(i).perSecond();
        return Interleaved.perRound(r);
    }

    interface Op { void run(int client) throws Exception; }

    /** The interleaved step's length (after its own 2 s warm-up) and the length of its slices; 0 s skips it. */
    private static final Duration INTERLEAVED = Duration.ofSeconds(Long.getLong("bench.interleavedSeconds", 16));
    private static final Duration SLICE = Duration.ofMillis(Long.getLong("bench.sliceMillis", 250));

    /**
     * The baseline and the create in one step, alternating every {@link #SLICE} (see {@link Interleaved}): raw INSERTs,
     * then creates, then raw INSERTs..., every client thread on its own keep-alive connection.
     */
    static Interleaved.Paired interleaved(int port, int clients, RequestFactory creates, Op raw) throws Exception {
        return Interleaved.run("c/raw", "create", clients, WARMUP, INTERLEAVED, SLICE, client -> {
            KeepAliveClient http = new KeepAliveClient(port);
            return new Interleaved.Sides() {
                @Override public void baseline() throws Exception { raw.run(client); }

                @Override public boolean candidate() throws Exception { return http.send(creates.make(client)) == 201; }

                @Override public void close() throws Exception { http.close(); }
            };
        });
    }

    /** Rate, median and p99 of one step's latencies, measured over {@link #MEASURE}. */
    static Result result(List<long[]> perClient, long errors) {
        long[] merged = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(merged.length / (MEASURE.toNanos() / 1e9), Interleaved.percentileMs(merged, 0.5), Interleaved.percentileMs(merged, 0.99), errors);
    }

    /** Throughput and latency of {@code op} from {@code clients} threads. */
    static Result measure(int clients, Op op) throws Exception {
        long warmEnd = System.nanoTime() + WARMUP.toNanos();
        long end = warmEnd + MEASURE.toNanos();
        return result(Interleaved.onClients(clients, client -> {
            LatencyLog lat = new LatencyLog();
            while (true) {
                long t0 = System.nanoTime();
                if (t0 >= end) break;
                op.run(client);
                if (t0 >= warmEnd) lat.add(System.nanoTime() - t0);
            }
            return lat.toArray();
        }), 0);
    }

    interface RequestFactory { KeepAliveClient.Request make(int client); }

    /** {@code clients} platform threads, each with its own keep-alive connection, one request at a time. */
    static Result run(int port, int clients, RequestFactory factory, int expected) throws Exception {
        long warmEnd = System.nanoTime() + WARMUP.toNanos();
        long end = warmEnd + MEASURE.toNanos();
        AtomicLong errors = new AtomicLong();
        return result(Interleaved.onClients(clients, client -> {
            LatencyLog lat = new LatencyLog();
            try (KeepAliveClient http = new KeepAliveClient(port)) {
                while (true) {
                    KeepAliveClient.Request request = factory.make(client);
                    long t0 = System.nanoTime();
                    if (t0 >= end) break;
                    int status = http.send(request);
                    long t1 = System.nanoTime();
                    if (status != expected) errors.incrementAndGet();
                    if (t0 >= warmEnd) lat.add(t1 - t0);
                }
            }
            return lat.toArray();
        }), errors.get());
    }

    /** Holds {@code count} SSE streams open from a client process of their own, and measures this (server) JVM's heap. */
    static void sse(String base, int count) throws Exception {
        URI uri = URI.create(base);
        int perUser = 100;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < (count + perUser - 1) / perUser; i++) tokens.add(ApiClient.newUser(base).token);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("sse-tokens", ".txt");
        java.nio.file.Files.write(file, tokens);
        long before = usedHeapAfterGc();
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process clients = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"), SseClients.class.getName(),
                Integer.toString(uri.getPort()), Integer.toString(count), file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String report = new java.io.BufferedReader(new java.io.InputStreamReader(clients.getInputStream())).readLine();
            Thread.sleep(2000);
            long after = usedHeapAfterGc();
            String[] f = report == null ? new String[0] : report.split(" ");
            int answered = f.length > 3 ? Integer.parseInt(f[3]) : 0;
            System.out.printf(Locale.ROOT, "SSE: %s; server heap %d MiB -> %d MiB with the streams open: %.1f KiB per stream%n",
                    report, before >> 20, after >> 20, (after - before) / 1024.0 / Math.max(1, answered));
        } finally {
            clients.getOutputStream().write('\n');
            clients.getOutputStream().flush();
            clients.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            clients.destroyForcibly();
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) { System.gc(); Thread.sleep(200); }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
