package io.sorarelay.bootstrap;

import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which protocols can resolve a create whose answer was lost, as the server wires them: those with an idempotency key
 * (OpenAI-compatible, Kling's {@code external_task_id}) or a task-list search (Wan, Seedance) may resend it; Runway, Veo
 * and MiniMax may not, so the engine fails such a task instead (docs/channels.md, "Failover").
 */
class LostCreateResolutionTest {

    @Test
    void only_protocols_with_an_idempotency_key_or_a_task_list_resolve_a_lost_create() {
        Map<ProviderKind, Boolean> resolves = new EnumMap<>(ProviderKind.class);
        String key = "key-" + getClass().getSimpleName();
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key).build())) {
            List<Channel> channels = BenchProviders.ALL.stream()
                    .map(kind -> BenchProviders.channel(kind, ModelCatalogue.defaults(), sim, key, 4)).toList();
            VideoProviderRegistry directory = BenchProviders.directory(channels, Duration.ofSeconds(5));
            for (Channel c : channels) resolves.put(c.provider(), directory.find(c.id()).orElseThrow().resolvesLostCreates());
        }
        assertThat(resolves).containsOnly(Map.entry(ProviderKind.OPENAI_COMPATIBLE, true), Map.entry(ProviderKind.KLING, true),
                Map.entry(ProviderKind.WAN, true), Map.entry(ProviderKind.SEEDANCE, true), Map.entry(ProviderKind.RUNWAY, false),
                Map.entry(ProviderKind.VEO, false), Map.entry(ProviderKind.MINIMAX, false));
    }
}
