package io.sorarelay.bootstrap.bench;

import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue 31's failover benchmark (run by bench/failover.sh, not a test): one node on PostgreSQL with two OpenAI-compatible
 * channels for one model at equal priority, each its own simulator, and a steady create load through HTTP. After
 * {@code bench.warmup} + {@code bench.before} seconds channel A's simulator stops (its port refuses connections). Reported: the time from the
 * start of A's first refused submit to the end of the last submit that tried A (after it A's breaker is open and every
 * submit goes to B), how many submits tried A first meanwhile (each a task that waited), and the create rate before and
 * after, from the same run. The breakers are the server's defaults (5 failures, 30 s), the clients the server's.
 */
public final class FailoverBench {

    /** One submit to channel A: when it started and ended (nanoTime), and whether the connection was refused. */
    record Attempt(long startNanos, long endNanos, boolean refused) {}

    /** Channel A's client, recording every submit. */
    static final class RecordingProvider implements VideoProvider {
        final VideoProvider delegate;
        final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();

        RecordingProvider(VideoProvider delegate) { this.delegate = delegate; }

        @Override public Result<Observed> submit(SubmitJob job) {
            long start = System.nanoTime();
            Result<Observed> r = delegate.submit(job);
            boolean refused = r instanceof Result.Failed<Observed> f && f.failure() instanceof Failure.Transient t && !t.maybeReached();
            attempts.add(new Attempt(start, System.nanoTime(), refused));
            return r;
        }
        @Override public Result<Observed> retrieve(ExternalTaskId id) { return delegate.retrieve(id); }
        @Override public Result<Boolean> cancel(ExternalTaskId id) { return delegate.cancel(id); }
        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
            return delegate.content(id, variant, range);
        }
        @Override public boolean listsJobs() { return delegate.listsJobs(); }
        @Override public Result<JobPage> listJobs(Optional<String> after, int limit) { return delegate.listJobs(after, limit); }
        @Override public Result<Boolean> probe() { return delegate.probe(); }
    }

    private static Channel channel(String id, String baseUrl, String key) {
        return new Channel(new ChannelId(id), id, ProviderKind.OPENAI_COMPATIBLE, baseUrl, new ChannelSecret("bench", key),
                Map.of("sora-2", "sora-2"), 0, 1, 64, 0, true);
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("bench.clients", 8);
        long warmupMs = Long.getLong("bench.warmup", 10) * 1000;   // JIT, pools, first users: not counted
        long beforeMs = Long.getLong("bench.before", 10) * 1000;
        long afterMs = Long.getLong("bench.after", 20) * 1000;   // under the breaker's 30 s: no half-open trial meanwhile
        String key = "bench-" + UUID.randomUUID();
        SoraSimulator a = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key).duration(Duration.ofSeconds(2)).build());
        PostgresAdapter pg = PostgresAdapter.connect(io.sorarelay.adapter.postgres.TestDatabase.get().newSchemaConfig().withPoolSize(16));
        try (SoraSimulator b = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key).duration(Duration.ofSeconds(2)).build())) {
            Channel ca = channel("a", a.baseUrl(), key);
            Channel cb = channel("b", b.baseUrl(), key);
            RecordingProvider recordA = new RecordingProvider(new SoraHttpClient(SoraClientConfig.of(ca.baseUrl(), key)
                    .withRequestTimeout(Duration.ofSeconds(30))));
            Map<Channel, VideoProvider> channels = new LinkedHashMap<>();
            channels.put(ca, recordA);
            channels.put(cb, new SoraHttpClient(SoraClientConfig.of(cb.baseUrl(), key).withRequestTimeout(Duration.ofSeconds(30))));
            SoraRelay.Builder builder = SoraRelay.builder().providers(VideoProviderRegistry.ofChannels(channels))
                    .settings(RelaySettings.defaults().withLimits(0, 0))
                    .taskStore(pg.videoTasks()).users(pg.userAccounts()).referenceImages(pg.referenceImages())
                    .webhookDeliveries(pg.webhookDeliveries())
                    .engine(new SoraRelay.EngineOptions("bench-failover", 100, Duration.ofMillis(50), Duration.ofMinutes(30)))
                    .http(0, HttpSettings.defaults().withJwtSecret(UUID.randomUUID() + "-" + UUID.randomUUID()));
            try (SoraRelay relay = builder.build().start()) {
                String base = "http://127.0.0.1:" + relay.httpPort().orElseThrow();
                AtomicBoolean stop = new AtomicBoolean();
                ConcurrentLinkedQueue<Long> created = new ConcurrentLinkedQueue<>();
                List<Thread> load = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    ApiClient user = ApiClient.newUser(base);
                    load.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            ApiClient.Reply r = user.create("a steady cat " + i, "crid-" + UUID.randomUUID());
                            if (r.status() == 200 || r.status() == 201 || r.status() == 202) created.add(System.nanoTime());
                        }
                    }));
                }
                Thread.sleep(warmupMs);
                long startNanos = System.nanoTime();
                Thread.sleep(beforeMs);
                a.close();   // channel A is down: its port refuses connections from now on
                long downNanos = System.nanoTime();
                Thread.sleep(afterMs);
                stop.set(true);
                for (Thread t : load) t.join();
                long endNanos = System.nanoTime();
                report(recordA, created, startNanos, downNanos, endNanos, clients);
            }
        } finally {
            pg.close();
        }
    }

    private static void report(RecordingProvider a, ConcurrentLinkedQueue<Long> created, long start, long down, long end, int clients) {
        List<Attempt> afterDown = a.attempts.stream().filter(x -> x.endNanos() > down).toList();
        long refused = afterDown.stream().filter(Attempt::refused).count();
        long firstRefused = afterDown.stream().filter(Attempt::refused).mapToLong(Attempt::startNanos).min().orElse(down);
        long lastTried = afterDown.stream().mapToLong(Attempt::endNanos).max().orElse(down);
        long meanwhile = created.stream().filter(t -> t >= firstRefused && t <= lastTried).count();
        double ratePre = created.stream().filter(t -> t >= start && t < down).count() / ((down - start) / 1e9);
        double ratePost = created.stream().filter(t -> t >= down).count() / ((end - down) / 1e9);
        System.out.printf("| clients | first refused -> last submit at A | submits that tried A first | tasks created meanwhile "
                + "| creates/s before (baseline) | creates/s after | ratio |%n| --- | --- | --- | --- | --- | --- | --- |%n");
        System.out.printf("| %d | %.0f ms | %d | %d | %.0f | %.0f | %.2f |%n", clients, (lastTried - firstRefused) / 1e6, refused,
                meanwhile, ratePre, ratePost, ratePost / ratePre);
        System.out.printf("submits at A after it went down: %d (%d refused); the last ended %.0f ms after the stop%n",
                afterDown.size(), refused, (lastTried - down) / 1e6);
    }
}
