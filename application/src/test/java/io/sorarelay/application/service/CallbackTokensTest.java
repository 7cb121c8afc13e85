package io.sorarelay.application.service;

import io.sorarelay.domain.VideoId;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackTokensTest {
    private static byte[] key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private final CallbackTokens tokens = new CallbackTokens(key());
    private final VideoId video = VideoId.generate(Instant.parse("2026-01-01T00:00:00Z"), new Random(1));
    private final VideoId other = VideoId.generate(Instant.parse("2026-01-01T00:00:00Z"), new Random(2));

    @Test
    void a_token_names_one_task_at_one_provider_under_one_key() {
        String t = tokens.token("kling", video);
        assertThat(tokens.verify("kling", video.value(), t)).isTrue();
        assertThat(tokens.verify("minimax", video.value(), t)).isFalse();
        assertThat(tokens.verify("kling", other.value(), t)).isFalse();
        assertThat(new CallbackTokens(key()).verify("kling", video.value(), t)).isFalse();
        assertThat(tokens.verify("kling", video.value(), t.substring(1))).isFalse();
        assertThat(tokens.verify("kling", video.value(), null)).isFalse();
        assertThat(tokens.verify("kling", video.value(), "é" + t)).isFalse();
    }

    @Test
    void the_path_is_the_receiving_route_with_a_url_safe_token() {
        String path = tokens.path("seedance", video);
        assertThat(path).isEqualTo("/api/callbacks/seedance/" + video.value() + "/" + tokens.token("seedance", video));
        assertThat(tokens.token("seedance", video)).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void a_short_key_is_refused_and_never_shown() {
        assertThatThrownBy(() -> new CallbackTokens(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThat(tokens.toString()).doesNotContain(tokens.token("kling", video));
    }
}
