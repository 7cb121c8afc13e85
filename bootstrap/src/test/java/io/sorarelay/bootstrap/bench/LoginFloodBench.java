package io.sorarelay.bootstrap.bench;

import io.sorarelay.adapter.argon2.Argon2PasswordHasher;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.application.service.AuthSettings;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.VirtualThreadCarriers;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An authenticated GET's latency while a flood of logins makes the server hash passwords (run by bench/login-flood.sh,
 * not a test). Each hasher is measured twice on one server: GETs alone (the baseline), then GETs beside
 * {@code bench.flooders} clients posting wrong passwords as fast as they are answered; the figure is the ratio of the
 * two medians. Two hashers: Argon2id on the caller's (virtual) thread, as before, and on threads of its own
 * ({@code Argon2PasswordHasher.onOwnThreads}, the server's default). Sign-in limits are off, so every login hashes.
 */
public final class LoginFloodBench {
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
    private static final int FLOODERS = Integer.getInteger("bench.flooders", 16);

    record Latencies(double p50Ms, double p99Ms, int count) {
        static Latencies of(List<Long> nanos) {
            long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Latencies(s[s.length / 2] / 1e6, s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6, s.length);
        }
    }

    public static void main(String[] args) throws Exception {
        VirtualThreadCarriers.apply(System.getenv());
        System.out.println("virtual-thread carriers: " + VirtualThreadCarriers.inEffect() + ", processors: "
                + Runtime.getRuntime().availableProcessors() + ", flooders: " + FLOODERS + ", " + MEASURE.toSeconds() + " s per step");
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-bench").duration(Duration.ofMinutes(10)).build())) {
            System.out.println("| hasher | GET p50 alone | GET p50 in flood | ratio | GET p99 alone | GET p99 in flood | logins answered/s | refused busy/s |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
            measure(sim, "caller's thread (before)", new Argon2PasswordHasher());
            measure(sim, "own threads (" + Argon2PasswordHasher.defaultThreads() + ", " + Argon2PasswordHasher.DEFAULT_QUEUED + " queued)",
                    new Argon2PasswordHasher().onOwnThreads(Argon2PasswordHasher.defaultThreads(), Argon2PasswordHasher.DEFAULT_QUEUED));
        }
    }

    private static void measure(SoraSimulator sim, String name, PasswordHasher hasher) throws Exception {
        try (SoraRelay relay = SoraRelay.builder()
                .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-bench")))
                .settings(RelaySettings.defaults().withLimits(0, 0).withAuth(AuthSettings.defaults().unlimited()))
                .passwordHasher(hasher)
                .withoutEngine()
                .http(0, HttpSettings.defaults().withJwtSecret("bench-secret-bench-secret-bench-secret-0123"))
                .build().start()) {
            int port = relay.httpPort().orElseThrow();
            String token = ApiClient.newUser("http://127.0.0.1:" + port).token;
            gets(port, token, Duration.ofSeconds(2));                 // warm-up: the GET path compiled
            try (Flood warm = Flood.start(port, 2)) { warm.await(Duration.ofSeconds(2)); }   // and the login path
            Latencies alone = gets(port, token, MEASURE);
            Latencies flooded;
            long answered;
            long refused;
            try (Flood flood = Flood.start(port, FLOODERS)) {
                flood.await(Duration.ofMillis(500));                 // the flood under way
                long a0 = flood.answered.get(), r0 = flood.refused.get();
                flooded = gets(port, token, MEASURE);
                answered = flood.answered.get() - a0;
                refused = flood.refused.get() - r0;
            }
            double seconds = MEASURE.toNanos() / 1e9;
            System.out.printf(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.1f | %.2f ms | %.2f ms | %.0f | %.0f |%n", name, alone.p50Ms(),
                    flooded.p50Ms(), flooded.p50Ms() / alone.p50Ms(), alone.p99Ms(), flooded.p99Ms(), answered / seconds, refused / seconds);
        }
    }

    /** One client's GETs, one after another, for {@code d}: each one's latency. */
    private static Latencies gets(int port, String token, Duration d) throws Exception {
        List<Long> nanos = new ArrayList<>();
        KeepAliveClient.Request get = new KeepAliveClient.Request("GET", "/api/models", token, null);
        try (KeepAliveClient c = new KeepAliveClient(port)) {
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < end) {
                long t = System.nanoTime();
                int status = c.send(get);
                nanos.add(System.nanoTime() - t);
                if (status != 200) throw new IllegalStateException("GET answered " + status);
            }
        }
        return Latencies.of(nanos);
    }

    /** Clients posting wrong passwords, each on a platform thread of its own, until closed. */
    private static final class Flood implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong answered = new AtomicLong(), refused = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();

        static Flood start(int port, int clients) {
            Flood f = new Flood();
            KeepAliveClient.Request login = new KeepAliveClient.Request("POST", "/api/auth/login", null,
                    "{\"username\":\"nobody_here\",\"password\":\"wrong-password\"}");
            for (int i = 0; i < clients; i++) {
                f.threads.add(Thread.ofPlatform().daemon().name("flood-" + i).start(() -> {
                    try (KeepAliveClient c = new KeepAliveClient(port)) {
                        while (!f.stop.get()) {
                            int status = c.send(login);
                            if (status == 401) f.answered.incrementAndGet();
                            else if (status == 503) f.refused.incrementAndGet();
                            else throw new IllegalStateException("login answered " + status);
                        }
                    } catch (Exception e) {
                        if (!f.stop.get()) System.err.println("flood client: " + e);
                    }
                }));
            }
            return f;
        }

        /** Lets the flood run for {@code d} (a bench's pause: nothing to wait for but time). */
        void await(Duration d) throws InterruptedException { Thread.sleep(d); }

        @Override public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) t.join();
        }
    }

    private LoginFloodBench() {}
}
