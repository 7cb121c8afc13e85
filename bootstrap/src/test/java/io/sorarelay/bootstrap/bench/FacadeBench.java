package io.sorarelay.bootstrap.bench;

import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.postgres.bench.Interleaved;
import io.sorarelay.adapter.postgres.bench.JitWarmUp;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static io.sorarelay.bootstrap.bench.HttpBench.Result;
import static io.sorarelay.bootstrap.bench.HttpBench.run;

/**
 * Issue 29's front-door benchmark (run by bench/facade.sh, not a test): a create through OpenAI's {@code POST /v1/videos}
 * against the same create through {@code POST /api/relay/sora/videos}, same server, same run, in-memory store, engine
 * off, at 1/8/32 clients. Both use the same use case; the ratio is what the front door's mapping costs. Rounds in ABBA
 * order and an interleaved step, as {@link HttpBench} does. Target: the facade at ≥ 0.9 of {@code /api}.
 */
public final class FacadeBench {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 4);
    private static final Duration WARMUP = Duration.ofSeconds(2);
    private static final Duration INTERLEAVED = Duration.ofSeconds(Long.getLong("bench.interleavedSeconds", 16));
    private static final Duration SLICE = Duration.ofMillis(Long.getLong("bench.sliceMillis", 250));

    public static void main(String[] args) throws Exception {
        io.sorarelay.bootstrap.VirtualThreadCarriers.apply(System.getenv());
        System.out.println("virtual-thread carriers: " + io.sorarelay.bootstrap.VirtualThreadCarriers.inEffect());
        int[] clientCounts = Arrays.stream(System.getProperty("bench.clients", "1,8,32").split(",")).mapToInt(Integer::parseInt).toArray();
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-bench").duration(Duration.ofMinutes(10)).build());
             SoraRelay relay = SoraRelay.builder()
                     .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-bench")))
                     .settings(RelaySettings.defaults().withLimits(0, 0).withAuth(io.sorarelay.application.service.AuthSettings.defaults().unlimited()))
                     .withoutEngine()
                     .http(0, HttpSettings.defaults().withJwtSecret("bench-secret-bench-secret-bench-secret-0123"))
                     .build().start()) {
            int port = relay.httpPort().orElseThrow();
            String base = "http://127.0.0.1:" + port;
            List<ApiClient> users = new ArrayList<>();
            for (int i = 0; i < Arrays.stream(clientCounts).max().orElse(1); i++) users.add(ApiClient.newUser(base));
            if (Boolean.parseBoolean(System.getProperty("bench.warmup", "true"))) {
                HttpBench.RequestFactory api = creates(users, "/api/relay/sora/videos", "warm"), v1 = creates(users, "/v1/videos", "warm");
                JitWarmUp.untilSettled(() -> {
                    for (int clients : clientCounts) {
                        run(port, clients, api, 201);
                        run(port, clients, v1, 200);
                    }
                });
            }
            System.out.printf(Locale.ROOT, "%-8s %12s %12s %8s %10s %10s%n", "clients", "/api/s", "/v1/s", "v1/api", "api p99", "v1 p99");
            for (int clients : clientCounts) {
                HttpBench.RequestFactory api = creates(users, "/api/relay/sora/videos", "bench"), v1 = creates(users, "/v1/videos", "bench");
                List<Result> apiRounds = new ArrayList<>(), v1Rounds = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    for (int side = 0; side < 2; side++) {
                        boolean apiSide = (side == 0) == (round % 2 == 0);
                        if (apiSide) apiRounds.add(run(port, clients, api, 201));
                        else v1Rounds.add(run(port, clients, v1, 200));
                    }
                }
                if (ROUNDS > 0) {
                    Result a = Result.of(apiRounds), v = Result.of(v1Rounds);
                    System.out.printf(Locale.ROOT, "%-8d %12.0f %12.0f %8.2f %10.2f %10.2f   (errors %d/%d)%n", clients, a.perSecond(), v.perSecond(),
                            v.perSecond() / a.perSecond(), a.p99Ms(), v.p99Ms(), a.errors(), v.errors());
                    System.out.println("         v1/api per round: " + HttpBench.perRound(v1Rounds, apiRounds));
                }
                if (INTERLEAVED.toNanos() > 0) System.out.println("         " + clients + (clients == 1 ? " client, " : " clients, ")
                        + interleaved(port, clients, api, v1));
            }
        }
        System.exit(0);
    }

    /** Creates on {@code path}, one per call, each client its own user, with a fresh idempotency key. */
    static HttpBench.RequestFactory creates(List<ApiClient> users, String path, String label) {
        AtomicLong seq = new AtomicLong();
        return i -> {
            long n = seq.incrementAndGet();
            return new KeepAliveClient.Request("POST", path, users.get(i).token,
                    "{\"prompt\":\"" + label + " " + n + "\",\"model\":\"sora-2\",\"seconds\":\"4\",\"size\":\"720x1280\"}");
        };
    }

    /** Both creates in one step, alternating every {@link #SLICE} on each client's keep-alive connection. */
    static Interleaved.Paired interleaved(int port, int clients, HttpBench.RequestFactory api, HttpBench.RequestFactory v1) throws Exception {
        return Interleaved.run("v1/api", "/v1 create", clients, WARMUP, INTERLEAVED, SLICE, client -> {
            KeepAliveClient http = new KeepAliveClient(port);
            return new Interleaved.Sides() {
                @Override public void baseline() throws Exception { http.send(api.make(client)); }

                @Override public boolean candidate() throws Exception { return http.send(v1.make(client)) == 200; }

                @Override public void close() throws Exception { http.close(); }
            };
        });
    }
}
