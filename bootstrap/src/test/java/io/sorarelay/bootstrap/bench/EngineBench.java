package io.sorarelay.bootstrap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.postgres.bench.RawInsertBaseline;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.StreamTaskEventsUseCase;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine benchmark (bench/engine.sh, not a test): N tasks in flight on one node (PostgreSQL
 * store, the simulator with log-normal job durations), measured end to end:
 * staleness (the upstream job finishing → its COMPLETED event delivered to a live stream), upstream
 * calls per task next to what a fixed 5 s poll schedule would have made for the same jobs, PostgreSQL
 * row writes per second next to a raw single-row UPDATE rate measured in the same run, and heap.
 *
 * <p>System properties: {@code bench.tasks} (10,000), {@code bench.medianMs} (20,000), {@code bench.sigma} (0.5), {@code bench.sweep}
 * (true: the upstream sweep lists jobs 100 a call; false: per-task polls only), {@code bench.sweepIntervalMs}
 * (2,000), {@code bench.maxSeconds} (how long to wait for every task to end, default 20 medians + 120 s),
 * {@code bench.webhooks} (false; true: the simulator sends signed {@code video.completed} webhooks to the
 * relay's HTTP API, which verifies and applies them at once, next to whatever polling runs).
 */
public final class EngineBench {
    public static void main(String[] args) throws Exception {
        // The server's carrier count, as Main sets it, before the first virtual thread (the JDK reads it then).
        io.sorarelay.bootstrap.VirtualThreadCarriers.apply(System.getenv());
        System.out.println("virtual-thread carriers: " + io.sorarelay.bootstrap.VirtualThreadCarriers.inEffect());
        int tasks = Integer.getInteger("bench.tasks", 10_000);
        long medianMs = Long.getLong("bench.medianMs", 20_000);
        double sigma = Double.parseDouble(System.getProperty("bench.sigma", "0.5"));
        int owners = 100;
        boolean sweep = Boolean.parseBoolean(System.getProperty("bench.sweep", "true"));
        long sweepIntervalMs = Long.getLong("bench.sweepIntervalMs", 2_000);
        long maxSeconds = Long.getLong("bench.maxSeconds", (medianMs * 20 + 120_000) / 1000);
        boolean webhooks = Boolean.getBoolean("bench.webhooks");
        String webhookSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString("engine-bench-webhook-secret-0123".getBytes());
        int httpPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) { httpPort = probe.getLocalPort(); }
        SimulatorConfig.Builder simConfig = SimulatorConfig.builder().port(0).apiKey("sk-bench").seed(7)
                .logNormalDuration(Duration.ofMillis(medianMs), sigma);
        if (webhooks) simConfig.webhook("http://127.0.0.1:" + httpPort + "/api/video/webhook", webhookSecret);
        PostgresConfig config = TestDatabase.get().newSchemaConfig().withPoolSize(16);
        try (SoraSimulator sim = SoraSimulator.start(simConfig.build());
             PostgresAdapter pg = PostgresAdapter.connect(config);
             RawInsertBaseline raw = RawInsertBaseline.create(config)) {
            double rawUpdates = rawUpdateRate(raw);
            // The catalogue's prior for a job's duration is the typical duration (as an operator would set it for
            // their upstream with EXTRA_MODELS); the policy then adapts per task from the observed progress.
            io.sorarelay.domain.ModelCatalogue catalogue = io.sorarelay.domain.ModelCatalogue.defaults();
            for (io.sorarelay.domain.ModelDefinition m : catalogue.models())
                catalogue = catalogue.with(m.withExpectedDuration(Duration.ofMillis(medianMs)));
            RelaySettings base = RelaySettings.defaults();
            RelaySettings settings = new RelaySettings(catalogue, new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(30)),
                    0, 0, base.leaseDuration(), base.maxConcurrentCalls(),
                    // Enough pages for every task in flight (100 a page) plus the margin's finished jobs.
                    sweep ? SweepSettings.defaults().withInterval(Duration.ofMillis(sweepIntervalMs)).withMaxPages(tasks / 100 + 50)
                            : SweepSettings.off());
            SoraRelay.Builder relayBuilder = SoraRelay.builder();
            if (webhooks)
                relayBuilder.webhookVerifier(new io.sorarelay.adapter.sora.StandardWebhookVerifier(webhookSecret, java.time.InstantSource.system()))
                        .http(httpPort, io.sorarelay.adapter.http.HttpSettings.defaults()
                                .withJwtSecret("engine-bench-jwt-secret-engine-bench-jwt-secret").withWebhookEnabled(true));
            SoraRelay relay = relayBuilder
                    .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-bench")))
                    .taskStore(pg.videoTasks()).users(pg.userAccounts()).referenceImages(pg.referenceImages()).webhookDeliveries(pg.webhookDeliveries())
                    .settings(settings)
                    .engine(new SoraRelay.EngineOptions("bench-node", 500, Duration.ofMillis(50), Duration.ofMinutes(60)))
                    .build();
            // One live stream per owner records when each task's final event arrives.
            Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
            Map<String, String> externalOf = new ConcurrentHashMap<>();
            Map<String, Long> appliedAt = new ConcurrentHashMap<>();   // the task's updatedAt in its final event: when the relay wrote it
            List<StreamTaskEventsUseCase.EventStream> streams = new ArrayList<>();
            for (int o = 0; o < owners; o++) {
                streams.add(relay.services().streams().open(new UserId("usr_bench_" + o), OptionalLong.empty(), item -> {
                    if (item instanceof StreamTaskEventsUseCase.Item.Event e && e.event().task().status().isTerminal()) {
                        deliveredAt.putIfAbsent(e.event().task().videoId(), System.currentTimeMillis());
                        appliedAt.putIfAbsent(e.event().task().videoId(), e.event().task().updatedAt().toEpochMilli());
                        if (e.event().task().externalTaskId() != null) externalOf.put(e.event().task().videoId(), e.event().task().externalTaskId());
                    }
                    return true;
                }));
            }
            long writesBefore = rowWrites(config);
            relay.start();
            long t0 = System.nanoTime();
            AtomicLong created = new AtomicLong();
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                for (int i = 0; i < tasks; i++) {
                    int n = i;
                    pool.submit(() -> {
                        VideoTask t = relay.services().create().create(CreateVideoTaskCommand.of(new UserId("usr_bench_" + (n % owners)),
                                new Prompt("bench " + n), Optional.empty())).orElseThrow().task();
                        created.incrementAndGet();
                        return t;
                    });
                }
            }
            double createSeconds = (System.nanoTime() - t0) / 1e9;
            long heapInFlight = usedHeapAfterGc();
            long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
            while (deliveredAt.size() < tasks && System.nanoTime() < deadline) Thread.sleep(500);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long writes = rowWrites(config) - writesBefore;
            relay.close();
            streams.forEach(StreamTaskEventsUseCase.EventStream::close);

            JsonNode stats = ApiClient.JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats?jobs=true")).build(), HttpResponse.BodyHandlers.ofString()).body());
            Map<String, Long> doneAt = new ConcurrentHashMap<>();
            long fixedSchedule = 0;
            long jobsRetrieved = 0, retrievedRunMs = 0;
            for (JsonNode j : stats.path("jobList")) {
                if (j.path("retrieves").asLong() > 0) {
                    jobsRetrieved++;
                    retrievedRunMs += j.path("completedAtMs").asLong() - j.path("createdAtMs").asLong();
                }
                doneAt.put(j.path("id").asText(), j.path("completedAtMs").asLong());
                long runMs = j.path("completedAtMs").asLong() - j.path("createdAtMs").asLong();
                fixedSchedule += 1 + (runMs + 4_999) / 5_000;   // one create + a poll every 5 s until it is seen done
            }
            List<Long> staleness = new ArrayList<>();
            List<Long> toApply = new ArrayList<>();
            List<Long> toStream = new ArrayList<>();
            deliveredAt.forEach((videoId, at) -> {
                Long done = doneAt.get(externalOf.get(videoId));
                if (done != null) staleness.add(Math.max(0, at - done));
                Long applied = appliedAt.get(videoId);
                if (done != null && applied != null) {
                    toApply.add(Math.max(0, applied - done));
                    toStream.add(Math.max(0, at - applied));
                }
            });
            staleness.sort(Long::compare);
            toApply.sort(Long::compare);
            toStream.sort(Long::compare);
            long lists = stats.path("lists").asLong();
            long calls = stats.path("creates").asLong() + stats.path("retrieves").asLong() + lists;
            System.out.printf(Locale.ROOT, "engine bench: %d tasks on one node (PostgreSQL), simulator jobs log-normal around %d s (sigma %.2f), sweep %s, webhooks %s%n",
                    tasks, medianMs / 1000, sigma, sweep ? "on every " + sweepIntervalMs + " ms" : "off", webhooks ? "on" : "off");
            System.out.printf(Locale.ROOT, "created in %.1f s; %d of %d reached a terminal event in %.1f s%n", createSeconds, deliveredAt.size(), tasks, seconds);
            System.out.printf(Locale.ROOT, "staleness (upstream done -> event on a stream): p50 %d ms, p99 %d ms, max %d ms (%d tasks)%n",
                    pct(staleness, 0.50), pct(staleness, 0.99), staleness.isEmpty() ? -1 : staleness.getLast(), staleness.size());
            System.out.printf(Locale.ROOT, "  of which upstream done -> final state written: p50 %d ms, p99 %d ms; written -> on the stream: p50 %d ms, p99 %d ms%n",
                    pct(toApply, 0.50), pct(toApply, 0.99), pct(toStream, 0.50), pct(toStream, 0.99));
            System.out.printf(Locale.ROOT, "upstream calls: %d (%.2f per task: %d creates, %d retrieves, %d lists) vs %d for a fixed 5 s schedule: ratio %.2f%n",
                    calls, calls / (double) tasks, stats.path("creates").asLong(), stats.path("retrieves").asLong(), lists, fixedSchedule,
                    calls / (double) fixedSchedule);
            System.out.printf(Locale.ROOT, "jobs retrieved individually at least once: %d (their mean duration %d ms)%n", jobsRetrieved,
                    jobsRetrieved == 0 ? 0 : retrievedRunMs / jobsRetrieved);
            System.out.printf(Locale.ROOT, "PostgreSQL row writes: %.0f/s over the run vs raw single-row UPDATE %.0f/s (same run, 16 threads): ratio %.3f%n",
                    writes / seconds, rawUpdates, writes / seconds / rawUpdates);
            System.out.printf(Locale.ROOT, "heap with %d tasks in flight: %d MiB%n", tasks, heapInFlight >> 20);
        }
        System.exit(0);
    }

    /** Rows inserted, updated and deleted in the adapter's schema (PostgreSQL's own statistics). */
    private static long rowWrites(PostgresConfig config) throws Exception {
        Thread.sleep(600);   // the statistics collector reports with a small delay
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password() == null ? "" : config.password());
             var ps = c.prepareStatement("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables WHERE schemaname = ?")) {
            ps.setString(1, config.schema());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static double rawUpdateRate(RawInsertBaseline raw) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            VideoTask t = RawInsertBaseline.task(new UserId("raw-" + i));
            raw.insert(t);
            ids.add(t.id().value());
        }
        return HttpBench.measure(16, i -> raw.touch(ids.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(ids.size())))).perSecond();
    }

    private static long pct(List<Long> sorted, double q) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * q)));
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) { System.gc(); Thread.sleep(200); }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
