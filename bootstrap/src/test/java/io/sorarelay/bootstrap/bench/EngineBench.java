package io.sorarelay.bootstrap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.postgres.bench.RawInsertBaseline;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.StreamTaskEventsUseCase;
import io.sorarelay.application.service.CallbackTokens;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.bootstrap.BenchProviders;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ProviderKind;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The engine benchmark (bench/engine.sh, not a test): N tasks in flight on one node (PostgreSQL
 * store, the simulator with log-normal job durations), measured end to end:
 * staleness (the upstream job finishing → its COMPLETED event delivered to a live stream), upstream
 * calls per task next to what a fixed 5 s poll schedule would have made for the same jobs, PostgreSQL
 * row writes per second next to a raw single-row UPDATE rate measured in the same run, and heap.
 * Upstreams are channels as the server builds them (embedded mode's, {@link BenchProviders}), each provider on a
 * simulator of its own, so each simulator's counters are one provider's calls.
 *
 * <p>System properties: {@code bench.tasks} (10,000), {@code bench.medianMs} (20,000), {@code bench.sigma} (0.5), {@code bench.sweep}
 * (true: the upstream sweep lists jobs 100 a call; false: per-task polls only), {@code bench.sweepIntervalMs}
 * (2,000), {@code bench.maxSeconds} (how long to wait for every task to end, default 20 medians + 120 s),
 * {@code bench.webhooks} (false; true: the OpenAI-compatible simulator sends signed {@code video.completed} webhooks to
 * the relay's HTTP API, which verifies and applies them at once, next to whatever polling runs), {@code bench.providers}
 * ({@code openai}: the OpenAI-compatible channel only; {@code mix}: that case, then a second with the tasks spread in turn
 * over every provider's channel (OpenAI-compatible, Runway, Wan, Seedance, Veo, Kling, MiniMax), each figure per provider),
 * {@code bench.callbacks} (false; true: in the several-provider case the relay has its own HTTP API's base URL as its public
 * base URL, so Seedance, Kling and MiniMax tasks are created with a {@code callback_url}, and Veo's (Gemini API) with a
 * webhook config, and finish when their simulator POSTs it, polled besides only as a fallback; each lane also says how
 * many callbacks its simulator sent).
 */
public final class EngineBench {
    private static final String KEY = "bench-upstream-key";
    /** The providers that POST a task's news to its {@code callback_url} when the relay has a public base URL. */
    private static final List<ProviderKind> CALLING_BACK = List.of(ProviderKind.SEEDANCE, ProviderKind.VEO, ProviderKind.KLING, ProviderKind.MINIMAX);

    record Knobs(int tasks, long medianMs, double sigma, boolean sweep, long sweepIntervalMs, long maxSeconds, boolean webhooks, boolean callbacks) {}

    /** One provider in a case: its simulator (its counters are this provider's calls alone), its channel, the model asked for. */
    record Lane(ProviderKind kind, SoraSimulator sim, Channel channel, String model, String seconds, String size) {}

    /** What one provider's simulator counted, and the staleness of its tasks. */
    record LaneResult(String provider, int tasks, List<Long> staleness, long creates, long retrieves, long lists, long fixedSchedule, long callbacks) {
        long calls() { return creates + retrieves + lists; }
    }

    public static void main(String[] args) throws Exception {
        // The server's carrier count, as Main sets it, before the first virtual thread (the JDK reads it then).
        io.sorarelay.bootstrap.VirtualThreadCarriers.apply(System.getenv());
        System.out.println("virtual-thread carriers: " + io.sorarelay.bootstrap.VirtualThreadCarriers.inEffect());
        long medianMs = Long.getLong("bench.medianMs", 20_000);
        Knobs k = new Knobs(Integer.getInteger("bench.tasks", 10_000), medianMs, Double.parseDouble(System.getProperty("bench.sigma", "0.5")),
                Boolean.parseBoolean(System.getProperty("bench.sweep", "true")), Long.getLong("bench.sweepIntervalMs", 2_000),
                Long.getLong("bench.maxSeconds", (medianMs * 20 + 120_000) / 1000), Boolean.getBoolean("bench.webhooks"), Boolean.getBoolean("bench.callbacks"));
        String providers = System.getProperty("bench.providers", "openai");
        if (!providers.equals("openai") && !providers.equals("mix")) throw new IllegalArgumentException("bench.providers is openai or mix");
        Map<String, List<LaneResult>> cases = new LinkedHashMap<>();
        double[] rawUpdates = {Double.NaN};
        cases.put("OpenAI-compatible alone", runCase(k, List.of(ProviderKind.OPENAI_COMPATIBLE), rawUpdates));
        if (providers.equals("mix")) cases.put("all 7 providers", runCase(k, BenchProviders.ALL, rawUpdates));
        if (cases.size() > 1) {
            System.out.println("| case | provider | tasks | staleness p50 / p99 | calls per task (creates + reads + lists) | calls vs fixed 5 s |");
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            cases.forEach((name, lanes) -> {
                for (LaneResult r : lanes) System.out.println(row(name, r));
                if (lanes.size() > 1) System.out.println(row(name, total(lanes)));
            });
        }
        System.exit(0);
    }

    private static List<LaneResult> runCase(Knobs k, List<ProviderKind> kinds, double[] rawUpdates) throws Exception {
        String webhookSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString("engine-bench-webhook-secret-0123".getBytes());
        int httpPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) { httpPort = probe.getLocalPort(); }
        PostgresConfig config = TestDatabase.get().newSchemaConfig().withPoolSize(16);
        List<SoraSimulator> sims = new ArrayList<>();
        try (PostgresAdapter pg = PostgresAdapter.connect(config)) {
            for (int i = 0; i < kinds.size(); i++) {
                SimulatorConfig.Builder simConfig = SimulatorConfig.builder().port(0).apiKey(KEY).seed(7 + i)
                        .logNormalDuration(Duration.ofMillis(k.medianMs()), k.sigma());
                if (k.webhooks() && kinds.get(i) == ProviderKind.OPENAI_COMPATIBLE)
                    simConfig.webhook("http://127.0.0.1:" + httpPort + "/api/video/webhook", webhookSecret);
                sims.add(SoraSimulator.start(simConfig.build()));
            }
            if (Double.isNaN(rawUpdates[0]))
                try (RawInsertBaseline raw = RawInsertBaseline.create(config)) { rawUpdates[0] = rawUpdateRate(raw); }
            // The catalogue's prior for a job's duration is the typical duration (as an operator would set it for
            // their upstream with EXTRA_MODELS); the policy then adapts per task from the observed progress.
            ModelCatalogue base = ModelCatalogue.defaults();
            ModelCatalogue catalogue = BenchProviders.catalogue(base);
            for (ModelDefinition m : catalogue.models())
                catalogue = catalogue.with(m.withExpectedDuration(Duration.ofMillis(k.medianMs())));
            // One provider: SORA_API_BASE alone (its channel "default", which the sweep lists); several: embedded mode's
            // channels, the tasks routed by model.
            List<Lane> lanes = new ArrayList<>();
            for (int i = 0; i < kinds.size(); i++) {
                ProviderKind kind = kinds.get(i);
                String model = BenchProviders.model(kind, base);
                ModelDefinition def = catalogue.find(model).orElseThrow();
                Channel channel = kinds.equals(List.of(ProviderKind.OPENAI_COMPATIBLE)) ? BenchProviders.soraApiAlone(base, sims.get(i), KEY, 64).getFirst()
                        : BenchProviders.channel(kind, base, sims.get(i), KEY, 64);
                lanes.add(new Lane(kind, sims.get(i), channel, model, def.seconds().getFirst(), def.sizes().getFirst()));
            }
            RelaySettings defaults = RelaySettings.defaults();
            RelaySettings settings = new RelaySettings(catalogue, new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(30)),
                    0, 0, defaults.leaseDuration(), defaults.maxConcurrentCalls(),
                    // Enough pages for every task in flight (100 a page) plus the margin's finished jobs.
                    k.sweep() ? SweepSettings.defaults().withInterval(Duration.ofMillis(k.sweepIntervalMs())).withMaxPages(k.tasks() / 100 + 50)
                            : SweepSettings.off());
            SoraRelay.Builder relayBuilder = SoraRelay.builder();
            if (k.webhooks())
                relayBuilder.webhookVerifier(new io.sorarelay.adapter.sora.StandardWebhookVerifier(webhookSecret, java.time.InstantSource.system()));
            // Callbacks only where a provider sends them: the several-provider case (Seedance, Veo, Kling, MiniMax).
            boolean callbacks = k.callbacks() && kinds.stream().anyMatch(CALLING_BACK::contains);
            if (k.webhooks() || callbacks)
                relayBuilder.http(httpPort, io.sorarelay.adapter.http.HttpSettings.defaults()
                        .withJwtSecret("engine-bench-jwt-secret-engine-bench-jwt-secret").withWebhookEnabled(k.webhooks()));
            List<Channel> channels = lanes.stream().map(Lane::channel).toList();
            if (callbacks) {
                byte[] callbackKey = new byte[CallbackTokens.MIN_KEY_BYTES];
                new java.security.SecureRandom().nextBytes(callbackKey);
                CallbackTokens tokens = new CallbackTokens(callbackKey);
                relayBuilder.providerCallbacks(tokens)
                        .providers(BenchProviders.directory(channels, Duration.ofSeconds(15), URI.create("http://127.0.0.1:" + httpPort), tokens));
            } else {
                relayBuilder.providers(BenchProviders.directory(channels, Duration.ofSeconds(15)));
            }
            SoraRelay relay = relayBuilder
                    .taskStore(pg.videoTasks()).users(pg.userAccounts()).referenceImages(pg.referenceImages()).webhookDeliveries(pg.webhookDeliveries())
                    .settings(settings)
                    .engine(new SoraRelay.EngineOptions("bench-node", 500, Duration.ofMillis(50), Duration.ofMinutes(60)))
                    .build();
            return measure(k, lanes, relay, config, rawUpdates[0]);
        } finally {
            for (SoraSimulator sim : sims) sim.close();
        }
    }

    private static List<LaneResult> measure(Knobs k, List<Lane> lanes, SoraRelay relay, PostgresConfig config, double rawUpdates) throws Exception {
        int tasks = k.tasks();
        int owners = 100;
        // One live stream per owner records when each task's final event arrives.
        Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
        Map<String, String> externalOf = new ConcurrentHashMap<>();
        Map<String, Long> appliedAt = new ConcurrentHashMap<>();   // the task's updatedAt in its final event: when the relay wrote it
        Map<String, Lane> laneOf = new ConcurrentHashMap<>();
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
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < tasks; i++) {
                int n = i;
                Lane lane = lanes.get(n % lanes.size());
                pool.submit(() -> {
                    VideoTask t = relay.services().create().create(new CreateVideoTaskCommand(new UserId("usr_bench_" + (n % owners)),
                            new Prompt("bench " + n), Optional.of(lane.model()), Optional.of(lane.seconds()), Optional.of(lane.size()),
                            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())).orElseThrow().task();
                    laneOf.put(t.id().value(), lane);
                    return t;
                });
            }
        }
        double createSeconds = (System.nanoTime() - t0) / 1e9;
        long heapInFlight = usedHeapAfterGc();
        long deadline = System.nanoTime() + Duration.ofSeconds(k.maxSeconds()).toNanos();
        while (deliveredAt.size() < tasks && System.nanoTime() < deadline) Thread.sleep(500);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long writes = rowWrites(config) - writesBefore;
        relay.close();
        streams.forEach(StreamTaskEventsUseCase.EventStream::close);

        List<Long> toApply = new ArrayList<>();
        List<Long> toStream = new ArrayList<>();
        List<LaneResult> results = new ArrayList<>();
        for (Lane lane : lanes) {
            JsonNode stats = ApiClient.JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + lane.sim().port() + "/_sim/stats?jobs=true")).build(), HttpResponse.BodyHandlers.ofString()).body());
            Map<String, Long> doneAt = new HashMap<>();
            long fixedSchedule = 0;
            for (JsonNode j : stats.path("jobList")) {
                doneAt.put(j.path("id").asText(), j.path("completedAtMs").asLong());
                long runMs = j.path("completedAtMs").asLong() - j.path("createdAtMs").asLong();
                fixedSchedule += 1 + (runMs + 4_999) / 5_000;   // one create + a poll every 5 s until it is seen done
            }
            List<Long> staleness = new ArrayList<>();
            int laneTasks = 0;
            for (Map.Entry<String, Lane> e : laneOf.entrySet()) {
                if (e.getValue() != lane) continue;
                laneTasks++;
                String videoId = e.getKey();
                String external = externalOf.get(videoId);
                Long at = deliveredAt.get(videoId);
                // The simulator's job id is the external id, or its last segment (Veo's operation name, Kling's family/id).
                Long done = external == null ? null : doneAt.get(external.substring(external.lastIndexOf('/') + 1));
                if (done == null || at == null) continue;
                staleness.add(Math.max(0, at - done));
                Long applied = appliedAt.get(videoId);
                if (applied != null) {
                    toApply.add(Math.max(0, applied - done));
                    toStream.add(Math.max(0, at - applied));
                }
            }
            staleness.sort(Long::compare);
            results.add(new LaneResult(lane.kind().wireName() + " (" + lane.model() + ")", laneTasks, staleness, stats.path("creates").asLong(),
                    stats.path("retrieves").asLong(), stats.path("lists").asLong(), fixedSchedule, stats.path("webhooksSent").asLong()));
        }
        toApply.sort(Long::compare);
        toStream.sort(Long::compare);
        LaneResult all = total(results);
        System.out.printf(Locale.ROOT, "engine bench: %d tasks on one node (PostgreSQL) over %s, simulator jobs log-normal around %d s (sigma %.2f), sweep %s, webhooks %s, callbacks %s%n",
                tasks, lanes.stream().map(l -> l.kind().wireName()).toList(), k.medianMs() / 1000, k.sigma(),
                k.sweep() ? "on every " + k.sweepIntervalMs() + " ms" : "off", k.webhooks() ? "on" : "off",
                k.callbacks() && lanes.stream().anyMatch(l -> CALLING_BACK.contains(l.kind())) ? "on" : "off");
        System.out.printf(Locale.ROOT, "created in %.1f s; %d of %d reached a terminal event in %.1f s%n", createSeconds, deliveredAt.size(), tasks, seconds);
        System.out.printf(Locale.ROOT, "staleness (upstream done -> event on a stream): p50 %d ms, p99 %d ms, max %d ms (%d tasks)%n",
                pct(all.staleness(), 0.50), pct(all.staleness(), 0.99), all.staleness().isEmpty() ? -1 : all.staleness().getLast(), all.staleness().size());
        System.out.printf(Locale.ROOT, "  of which upstream done -> final state written: p50 %d ms, p99 %d ms; written -> on the stream: p50 %d ms, p99 %d ms%n",
                pct(toApply, 0.50), pct(toApply, 0.99), pct(toStream, 0.50), pct(toStream, 0.99));
        for (LaneResult r : lanes.size() > 1 ? results : List.<LaneResult>of())
            System.out.printf(Locale.ROOT, "  %s: %d tasks, staleness p50 %d ms, p99 %d ms; %.2f calls per task (%d creates, %d retrieves, %d lists), ratio to fixed 5 s %.2f; %d callbacks/webhooks sent%n",
                    r.provider(), r.tasks(), pct(r.staleness(), 0.50), pct(r.staleness(), 0.99), r.calls() / (double) Math.max(1, r.tasks()),
                    r.creates(), r.retrieves(), r.lists(), r.calls() / (double) Math.max(1, r.fixedSchedule()), r.callbacks());
        System.out.printf(Locale.ROOT, "upstream calls: %d (%.2f per task: %d creates, %d retrieves, %d lists) vs %d for a fixed 5 s schedule: ratio %.2f%n",
                all.calls(), all.calls() / (double) tasks, all.creates(), all.retrieves(), all.lists(), all.fixedSchedule(),
                all.calls() / (double) all.fixedSchedule());
        System.out.printf(Locale.ROOT, "PostgreSQL row writes: %.0f/s over the run vs raw single-row UPDATE %.0f/s (same run, 16 threads): ratio %.3f%n",
                writes / seconds, rawUpdates, writes / seconds / rawUpdates);
        System.out.printf(Locale.ROOT, "heap with %d tasks in flight: %d MiB%n", tasks, heapInFlight >> 20);
        return results;
    }

    /** Every lane's figures pooled. */
    private static LaneResult total(List<LaneResult> lanes) {
        List<Long> staleness = new ArrayList<>();
        lanes.forEach(r -> staleness.addAll(r.staleness()));
        staleness.sort(Long::compare);
        return new LaneResult("all", lanes.stream().mapToInt(LaneResult::tasks).sum(), staleness,
                lanes.stream().mapToLong(LaneResult::creates).sum(), lanes.stream().mapToLong(LaneResult::retrieves).sum(),
                lanes.stream().mapToLong(LaneResult::lists).sum(), lanes.stream().mapToLong(LaneResult::fixedSchedule).sum(),
                lanes.stream().mapToLong(LaneResult::callbacks).sum());
    }

    private static String row(String caseName, LaneResult r) {
        double perTask = Math.max(1, r.tasks());
        return String.format(Locale.ROOT, "| %s | %s | %,d | %,d ms / %,d ms | %.2f (%.2f + %.2f + %.2f) | %.2f |", caseName, r.provider(), r.tasks(),
                pct(r.staleness(), 0.50), pct(r.staleness(), 0.99), r.calls() / perTask, r.creates() / perTask, r.retrieves() / perTask,
                r.lists() / perTask, r.calls() / (double) Math.max(1, r.fixedSchedule()));
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
