package io.sorarelay.bootstrap;

import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code CHANNEL_BREAKER_FAILURES} and {@code CHANNEL_BREAKER_OPEN_SECONDS}: read, checked, and used by the node. */
class ChannelBreakerConfigTest {
    @TempDir Path dir;

    @Test
    void the_breaker_settings_default_to_five_failures_and_thirty_seconds_and_are_configurable() {
        assertThat(RelayConfig.from(Map.of()).channelBreakers()).isEqualTo(new ChannelBreakerConfig(5, Duration.ofSeconds(30)));
        assertThat(RelayConfig.from(Map.of("CHANNEL_BREAKER_FAILURES", "2", "CHANNEL_BREAKER_OPEN_SECONDS", "90")).channelBreakers())
                .isEqualTo(new ChannelBreakerConfig(2, Duration.ofSeconds(90)));
    }

    @Test
    void a_bad_breaker_setting_stops_the_start_naming_the_variable() {
        assertThatThrownBy(() -> RelayConfig.from(Map.of("CHANNEL_BREAKER_FAILURES", "0"))).isInstanceOf(ConfigException.class)
                .hasMessage("CHANNEL_BREAKER_FAILURES must be between 1 and 1000");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("CHANNEL_BREAKER_OPEN_SECONDS", "soon"))).isInstanceOf(ConfigException.class)
                .hasMessage("CHANNEL_BREAKER_OPEN_SECONDS must be a whole number");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("CHANNEL_BREAKER_OPEN_SECONDS", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CHANNEL_BREAKER_OPEN_SECONDS");
    }

    /**
     * The preferred channel refuses our key (401: no job made, a breaker failure). With two failures to open and an hour
     * open, the node tries it on the first two submits only; every later one goes straight to the other channel.
     */
    @Test
    void a_node_opens_a_channel_breaker_after_the_configured_failures() throws Exception {
        String key = "key-" + UUID.randomUUID();
        try (SoraSimulator refusing = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key).duration(Duration.ofMillis(200)).build());
             SoraSimulator serving = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key).duration(Duration.ofMillis(200)).build())) {
            Path file = Files.writeString(dir.resolve("channels.yaml"), """
                    channels:
                      - id: wrong-key
                        provider: openai-compatible
                        baseUrl: %s
                        apiKey: ${WRONG_KEY}
                        models: [sora-2]
                        priority: 10
                      - id: right-key
                        provider: openai-compatible
                        baseUrl: %s
                        apiKey: ${RIGHT_KEY}
                        models: [sora-2]
                    """.formatted(refusing.baseUrl(), serving.baseUrl()));
            Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "CHANNELS_FILE", file.toString(), "WRONG_KEY", "not-" + key,
                    "RIGHT_KEY", key, "JWT_SECRET", UUID.randomUUID() + "-" + UUID.randomUUID(), "ENGINE_IDLE_MS", "50",
                    "CREATE_RATE_PER_MINUTE", "0", "MAX_INFLIGHT_PER_USER", "0"));
            env.putAll(Map.of("CHANNEL_BREAKER_FAILURES", "2", "CHANNEL_BREAKER_OPEN_SECONDS", "3600", "REGISTRATION_OPEN", "true"));
            try (SoraRelay relay = ServerAssembly.assemble(RelayConfig.from(env)).relay().start()) {
                ApiClient user = ApiClient.newUser("http://127.0.0.1:" + relay.httpPort().orElseThrow());
                for (int i = 1; i <= 6; i++) {
                    assertThat(user.create("a cat " + i, "crid-" + UUID.randomUUID()).status()).isBetween(200, 202);
                    int made = i;
                    await("submit " + i + " reached the serving channel").atMost(Duration.ofSeconds(20))
                            .until(() -> UpstreamStats.jobs(serving.port()) == made);
                }
                assertThat(UpstreamStats.read(refusing.port()).path("requests").asLong())
                        .as("tried until its breaker opened after 2 failures, then skipped").isEqualTo(2);
            }
        }
    }
}
