package io.sorarelay.bootstrap.bench;

import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    record Result(double perSecond, double p50Ms, double p99Ms, long errors) {}

    public static void main(String[] args) throws Exception {
        int streams = Integer.getInteger("bench.streams", 10_000);
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-bench").duration(Duration.ofMinutes(10)).build());
             SoraRelay relay = SoraRelay.builder()
                     .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-bench")))
                     .settings(RelaySettings.defaults().withLimits(0, 0))
                     .withoutEngine()
                     .http(0, HttpSettings.defaults().withJwtSecret("bench-secret-bench-secret-bench-secret-0123"))
                     .build().start()) {
            String base = "http://127.0.0.1:" + relay.httpPort().orElseThrow();
            System.out.printf(Locale.ROOT, "%-8s %12s %12s %8s %10s %10s%n", "clients", "health/s", "create/s", "ratio", "p50 ms", "p99 ms");
            for (int clients : new int[] {1, 8, 32}) {
                List<ApiClient> users = new ArrayList<>();
                for (int i = 0; i < clients; i++) users.add(ApiClient.newUser(base));
                Result health = run(clients, i -> HttpRequest.newBuilder(URI.create(base + "/health/live")).GET().build(), 200);
                AtomicLong seq = new AtomicLong();
                Result create = run(clients, i -> users.get(i).request("/api/relay/sora/videos")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"bench " + seq.incrementAndGet()
                                + "\",\"clientRequestId\":\"bench-" + seq.get() + "-" + System.nanoTime() + "\"}")).build(), 201);
                System.out.printf(Locale.ROOT, "%-8d %12.0f %12.0f %8.2f %10.2f %10.2f   (errors %d/%d)%n", clients, health.perSecond(),
                        create.perSecond(), create.perSecond() / health.perSecond(), create.p50Ms(), create.p99Ms(), health.errors(), create.errors());
            }
            sse(base, streams);
        }
    }

    interface RequestFactory { HttpRequest make(int client); }

    static Result run(int clients, RequestFactory factory, int expected) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        long warmEnd = System.nanoTime() + WARMUP.toNanos();
        long end = warmEnd + MEASURE.toNanos();
        AtomicLong errors = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                fs.add(pool.submit(() -> {
                    long[] lat = new long[1 << 20];
                    int n = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) break;
                        HttpResponse<Void> r = http.send(factory.make(client), HttpResponse.BodyHandlers.discarding());
                        long t1 = System.nanoTime();
                        if (r.statusCode() != expected) errors.incrementAndGet();
                        if (t0 >= warmEnd && n < lat.length) lat[n++] = t1 - t0;
                    }
                    return Arrays.copyOf(lat, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : fs) all.add(f.get());
            long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            double seconds = MEASURE.toNanos() / 1e9;
            return new Result(merged.length / seconds, merged[merged.length / 2] / 1e6, merged[(int) (merged.length * 0.99)] / 1e6, errors.get());
        }
    }

    /** Opens {@code count} SSE streams with raw sockets (never read: the cheapest possible clients) and measures the heap. */
    static void sse(String base, int count) throws Exception {
        URI uri = URI.create(base);
        int perUser = 100;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < (count + perUser - 1) / perUser; i++) tokens.add(ApiClient.newUser(base).token);
        long before = usedHeapAfterGc();
        List<SocketChannel> open = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
                String req = "GET /api/sse/task-updates HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                        + tokens.get(i / perUser) + "\r\n\r\n";
                ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
                open.add(ch);
            }
            // every stream answered its first bytes (":ok"), so the server holds it open
            ByteBuffer buf = ByteBuffer.allocate(256);
            int answered = 0;
            for (SocketChannel ch : open) {
                buf.clear();
                if (ch.read(buf) > 0 && new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) answered++;
            }
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(2000);
            long after = usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "SSE: %d streams requested, %d answered 200 and held, opened in %.1f s; heap %d MiB -> %d MiB, "
                            + "%.1f KiB per stream (server and the raw-socket clients in one JVM: an upper bound)%n",
                    count, answered, openSeconds, before >> 20, after >> 20, (after - before) / 1024.0 / Math.max(1, answered));
        } finally {
            for (SocketChannel ch : open) ch.close();
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) { System.gc(); Thread.sleep(200); }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
