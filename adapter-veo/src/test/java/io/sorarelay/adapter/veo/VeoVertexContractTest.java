package io.sorarelay.adapter.veo;

import io.sorarelay.application.contract.VideoProviderContract;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The provider contract, over Vertex AI's Veo shape (express mode) against the simulator's Vertex shape. */
class VeoVertexContractTest extends VideoProviderContract {
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;

    @Override protected VideoProvider provider() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_good").duration(Duration.ofSeconds(10))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
        return new VeoHttpClient(VeoClientConfig.vertexExpress(sim.veoBaseUrl(), "key_good"));
    }

    @Override protected VideoProvider providerWithWrongKey() { return new VeoHttpClient(VeoClientConfig.vertexExpress(sim.veoBaseUrl(), "key_wrong")); }

    @Override protected VideoSpec spec() { return new VideoSpec("veo-3.1-fast-generate-001", "4", "720x1280"); }

    @Override protected void finishJobs() { now.addAndGet(Duration.ofSeconds(11).toMillis()); }

    @Override protected void stopUpstream() { if (sim != null) sim.close(); }
}
