package io.sorarelay.bootstrap;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayConfigWebhooksTest {
    private static Map<String, String> production() {
        Map<String, String> env = new HashMap<>();
        env.put("SORA_API_BASE", "http://127.0.0.1:9090/v1");
        env.put("SORA_API_KEY", "test-upstream-key");
        env.put("JWT_SECRET", "a-jwt-secret-that-is-long-enough-for-production");
        return env;
    }

    @Test
    void private_targets_are_allowed_in_the_embedded_mode_only_unless_configured() {
        assertThat(RelayConfig.from(Map.of()).webhooksAllowPrivate()).isTrue();
        assertThat(RelayConfig.from(production()).webhooksAllowPrivate()).isFalse();
        Map<String, String> opened = production();
        opened.put("WEBHOOKS_ALLOW_PRIVATE", "true");
        assertThat(RelayConfig.from(opened).webhooksAllowPrivate()).isTrue();
        assertThat(RelayConfig.from(Map.of("WEBHOOKS_ALLOW_PRIVATE", "false")).webhooksAllowPrivate()).isFalse();
    }

    @Test
    void an_attempt_takes_ten_seconds_at_most_by_default_and_the_bound_is_bounded() {
        assertThat(RelayConfig.from(Map.of()).webhooksTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(RelayConfig.from(Map.of("WEBHOOKS_TIMEOUT_MS", "2500")).webhooksTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> RelayConfig.from(Map.of("WEBHOOKS_TIMEOUT_MS", "600000"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("WEBHOOKS_TIMEOUT_MS");
    }
}
