package io.sorarelay.adapter.minimax;

import io.sorarelay.application.contract.VideoProviderContract;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The provider contract, over MiniMax's Hailuo API against the simulator's MiniMax mode. */
class MinimaxContractTest extends VideoProviderContract {
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;

    @Override protected VideoProvider provider() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_good").duration(Duration.ofSeconds(10))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
        return MinimaxHttpClient.create(sim.minimaxBaseUrl(), "key_good");
    }

    @Override protected VideoProvider providerWithWrongKey() { return MinimaxHttpClient.create(sim.minimaxBaseUrl(), "key_wrong"); }

    @Override protected VideoSpec spec() { return new VideoSpec("MiniMax-Hailuo-2.3", "6", "1366x768"); }

    @Override protected void finishJobs() { now.addAndGet(Duration.ofSeconds(11).toMillis()); }

    @Override protected void stopUpstream() { if (sim != null) sim.close(); }
}
