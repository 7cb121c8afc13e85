package io.sorarelay.bootstrap;

import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.channel.ProviderKind;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayConfigCallbacksTest {
    private static final String JWT = "a-jwt-secret-that-is-long-enough-for-production";

    @Test
    void without_a_public_base_url_no_callback_url_is_given_out() {
        CallbacksConfig c = RelayConfig.from(Map.of()).callbacks();
        assertThat(c.publicBaseUrl()).isEmpty();
        assertThat(ServerAssembly.callbacks(c, JWT)).isEmpty();
    }

    @Test
    void a_public_base_url_gives_each_task_a_tokened_url_under_it_the_same_on_every_node() {
        CallbacksConfig c = RelayConfig.from(Map.of("PUBLIC_BASE_URL", "https://relay.example.com/video/")).callbacks();
        VideoId video = VideoId.generate(Instant.parse("2026-01-01T00:00:00Z"), new Random(3));
        ChannelProviders.Callbacks one = ServerAssembly.callbacks(c, JWT).orElseThrow();
        ChannelProviders.Callbacks two = ServerAssembly.callbacks(c, JWT).orElseThrow();
        URI url = one.urls(ProviderKind.KLING).forTask(video);
        assertThat(url.toString()).startsWith("https://relay.example.com/video/api/callbacks/kling/" + video.value() + "/");
        assertThat(two.urls(ProviderKind.KLING).forTask(video)).isEqualTo(url);
        assertThat(one.urls(ProviderKind.SEEDANCE).forTask(video)).isNotEqualTo(url);
        // The key is not the token secret itself, nor the result links' key.
        assertThat(ServerAssembly.callbacks(c, JWT + "x").orElseThrow().urls(ProviderKind.KLING).forTask(video)).isNotEqualTo(url);
    }

    @Test
    void a_callback_secret_of_its_own_must_be_long_and_the_base_url_plain() {
        assertThatThrownBy(() -> RelayConfig.from(Map.of("CALLBACK_SECRET", "short"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CALLBACK_SECRET").hasMessageNotContaining("short");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("PUBLIC_BASE_URL", "ftp://relay.example.com"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("PUBLIC_BASE_URL");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("PUBLIC_BASE_URL", "https://relay.example.com/?a=b"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("PUBLIC_BASE_URL");
        String own = "x".repeat(40);
        CallbacksConfig c = RelayConfig.from(Map.of("PUBLIC_BASE_URL", "https://relay.example.com", "CALLBACK_SECRET", own)).callbacks();
        VideoId video = VideoId.generate(Instant.parse("2026-01-01T00:00:00Z"), new Random(4));
        // With its own secret the token does not depend on JWT_SECRET.
        assertThat(ServerAssembly.callbacks(c, JWT).orElseThrow().urls(ProviderKind.MINIMAX).forTask(video))
                .isEqualTo(ServerAssembly.callbacks(c, JWT + "y").orElseThrow().urls(ProviderKind.MINIMAX).forTask(video));
    }

    @Test
    void jobs_of_providers_that_call_back_are_polled_a_minute_apart_unless_configured() {
        assertThat(ServerAssembly.settings(RelayConfig.from(Map.of())).pollPolicy().pushFallback()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(ServerAssembly.settings(RelayConfig.from(Map.of("CALLBACK_FALLBACK_POLL_SECONDS", "300"))).pollPolicy().pushFallback())
                .isEqualTo(java.time.Duration.ofMinutes(5));
        assertThatThrownBy(() -> RelayConfig.from(Map.of("CALLBACK_FALLBACK_POLL_SECONDS", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CALLBACK_FALLBACK_POLL_SECONDS");
    }
}
