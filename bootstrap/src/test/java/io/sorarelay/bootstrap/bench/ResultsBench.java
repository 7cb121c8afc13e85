package io.sorarelay.bootstrap.bench;

import io.sorarelay.adapter.files.DirectoryResultStore;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.GetVideoResultUseCase.ResultState;
import io.sorarelay.application.port.in.GetVideoResultUseCase.ResultView;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.ResultSettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.simulator.Faults;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Content from the results store (the signed link's route: the relay's HTTP stack, the use case, the archive lookup
 * and the directory store) against the same file from Jetty's static {@link ResourceHandler}, in the same run:
 * whole downloads and 1 MiB ranges, at 1 and 8 clients, rounds in ABBA order; bytes per second and their ratio.
 * Target (issue 29): ≥ 0.8 of the static handler, ranges included.
 *
 * <p>Knobs: {@code -Dbench.videoMiB} (20), {@code -Dbench.seconds} per round and side (5), {@code -Dbench.rounds} (4),
 * {@code -Dbench.clients} (1,8).
 */
public final class ResultsBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        long videoBytes = Long.getLong("bench.videoMiB", 20) << 20;
        Duration slice = Duration.ofSeconds(Long.getLong("bench.seconds", 5));
        int rounds = Integer.getInteger("bench.rounds", 4);
        int[] clients = java.util.Arrays.stream(System.getProperty("bench.clients", "1,8").split(",")).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createTempDirectory("results-bench");
        String key = "sk-bench-" + Long.toString(System.nanoTime(), 36);
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key).duration(Duration.ofMillis(100))
                .faults(new Faults(0, 0, 0, 1, 0, 0, 0, 0, videoBytes, 0)).build());
             SoraRelay relay = SoraRelay.builder()
                     .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), key)))
                     .settings(RelaySettings.defaults().withLimits(0, 0))
                     .results(DirectoryResultStore.open(dir), ResultSettings.defaults(key.getBytes()).withLinkTtl(Duration.ofDays(1)))
                     .archiveInterval(Duration.ofMillis(50))
                     .http(0, HttpSettings.defaults().withJwtSecret(key + "-jwt-secret-long-enough-for-hs256"))
                     .build().start()) {
            UserId owner = new UserId("bench");
            VideoId id = relay.services().create().create(CreateVideoTaskCommand.of(owner, new Prompt("a bench of results"), Optional.empty()))
                    .orElseThrow().task().id();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!relay.results().results().result(id).map(ResultView::state).equals(Optional.of(ResultState.ARCHIVED))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the result was not archived");
                Thread.sleep(50);
            }
            String relayUrl = "http://127.0.0.1:" + relay.httpPort().orElseThrow()
                    + relay.results().results().link(owner, id, ContentVariant.VIDEO).orElseThrow().path();
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setPort(0);
            jetty.addConnector(connector);
            ResourceHandler files = new ResourceHandler();
            files.setBaseResource(ResourceFactory.of(jetty).newResource(dir.resolve("videos").resolve(id.value())));
            files.setDirAllowed(false);
            jetty.setHandler(files);
            jetty.start();
            try {
                String staticUrl = "http://127.0.0.1:" + connector.getLocalPort() + "/video";
                System.out.printf("results bench: %d MiB video, %s per side and round, %d rounds (ABBA)%n", videoBytes >> 20, slice, rounds);
                System.out.println("| clients, request | baseline MiB/s (Jetty static) | measured MiB/s (results store) | ratio |");
                System.out.println("| --- | --- | --- | --- |");
                for (boolean ranged : new boolean[]{false, true})
                    for (int n : clients) {
                        // Warm-up of both sides before the measured rounds.
                        measure(staticUrl, n, slice, ranged, videoBytes);
                        measure(relayUrl, n, slice, ranged, videoBytes);
                        long base = 0, relayed = 0;
                        for (int r = 0; r < rounds; r++) {
                            boolean staticFirst = r % 4 == 0 || r % 4 == 3;
                            long a = measure(staticFirst ? staticUrl : relayUrl, n, slice, ranged, videoBytes);
                            long b = measure(staticFirst ? relayUrl : staticUrl, n, slice, ranged, videoBytes);
                            base += staticFirst ? a : b;
                            relayed += staticFirst ? b : a;
                        }
                        double seconds = slice.toMillis() / 1000.0 * rounds;
                        System.out.printf("| %d, %s | %.1f | %.1f | %.2f |%n", n, ranged ? "1 MiB ranges" : "whole file",
                                base / seconds / (1 << 20), relayed / seconds / (1 << 20), (double) relayed / base);
                    }
            } finally {
                jetty.stop();
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Bytes received by {@code clients} threads downloading from {@code url} for {@code slice}. */
    private static long measure(String url, int clients, Duration slice, boolean ranged, long size) throws InterruptedException {
        AtomicLong bytes = new AtomicLong();
        long end = System.nanoTime() + slice.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++)
            threads.add(Thread.ofPlatform().start(() -> {
                byte[] buffer = new byte[1 << 16];
                while (System.nanoTime() < end) {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
                    if (ranged) {
                        long first = ThreadLocalRandom.current().nextLong(size - (1 << 20));
                        b.header("Range", "bytes=" + first + "-" + (first + (1 << 20) - 1));
                    }
                    try {
                        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                        if (r.statusCode() != (ranged ? 206 : 200)) throw new IllegalStateException(url + " answered " + r.statusCode());
                        try (InputStream in = r.body()) {
                            for (int n; (n = in.read(buffer)) > 0; ) bytes.addAndGet(n);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        for (Thread t : threads) t.join();
        return bytes.get();
    }
}
