package io.sorarelay.bootstrap.e2e;

import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.SseStream;
import io.sorarelay.bootstrap.testkit.UpstreamStats;

import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.memory.InMemoryAdapters;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.time.Duration;
import java.time.InstantSource;

/**
 * A whole relay over real HTTP: the simulator on a loopback port, the upstream client, the engine, and
 * the API on a free port, over in-memory adapters that a second relay instance can share (a restart).
 */
final class RelayFixture implements AutoCloseable {
    static final String JWT_SECRET = "e2e-secret-that-is-long-enough-0123456789";
    final SoraSimulator simulator;
    final InMemoryAdapters store;
    private SoraRelay relay;

    private RelayFixture(SoraSimulator simulator, InMemoryAdapters store) {
        this.simulator = simulator;
        this.store = store;
        this.relay = startRelay("node-a");
    }

    /** Jobs take {@code jobDuration} upstream. */
    static RelayFixture start(Duration jobDuration) {
        SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-e2e").duration(jobDuration).build());
        return new RelayFixture(sim, InMemoryAdapters.create(InstantSource.system()));
    }

    static RelaySettings fastSettings() {
        return RelaySettings.defaults().withLimits(0, 0)
                .withPollPolicy(new PollPolicy(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMinutes(5)))
                .withLeaseDuration(Duration.ofSeconds(5))
                // The sweep takes over every task in flight (one is enough); at its default 2 s interval it could list a
                // 1.5 s job only once it had completed, and the tests that watch a task run would see no PROCESSING.
                .withSweep(SweepSettings.defaults().withInterval(Duration.ofMillis(250)));
    }

    private SoraRelay startRelay(String node) {
        return SoraRelay.builder()
                .provider(new SoraHttpClient(SoraClientConfig.of(simulator.baseUrl(), "sk-e2e")))
                .taskStore(store.videoTasks()).eventBus(store.eventBus()).users(store.userAccounts())
                .referenceImages(store.referenceImages()).webhookDeliveries(store.webhookDeliveries())
                .rateLimiter(store.rateLimiter()).locks(store.locks()).sseTickets(store.sseTickets())
                .settings(fastSettings())
                .engine(new SoraRelay.EngineOptions(node, 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .http(0, HttpSettings.defaults().withJwtSecret(JWT_SECRET))
                .build().start();
    }

    String baseUrl() { return "http://127.0.0.1:" + relay.httpPort().orElseThrow(); }

    SoraRelay relay() { return relay; }

    /** Stops this relay instance (gracefully) and starts a new one over the same store and upstream. */
    void restart(String node) {
        relay.close();
        relay = startRelay(node);
    }

    @Override public void close() {
        relay.close();
        simulator.close();
    }
}
