package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueObjectsTest {

    @Test
    void client_request_id_is_1_to_255_printable_ascii() {
        assertThat(new ClientRequestId("1764291396110").value()).isEqualTo("1764291396110");
        assertThat(new ClientRequestId("x".repeat(255)).value()).hasSize(255);
        assertThatThrownBy(() -> new ClientRequestId("")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ClientRequestId("x".repeat(256))).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ClientRequestId("tab\there")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ClientRequestId("é")).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("clientRequestId");
    }

    @Test
    void prompt_is_1_to_4000_characters_of_valid_unicode() {
        assertThat(new Prompt("猫が走る 🐈").value()).isEqualTo("猫が走る 🐈");
        assertThat(new Prompt("🐈".repeat(4000)).value()).isNotEmpty();
        assertThatThrownBy(() -> new Prompt("  ")).isInstanceOf(InvalidValueException.class).hasMessage("prompt must not be blank");
        assertThatThrownBy(() -> new Prompt("a".repeat(4001))).isInstanceOf(InvalidValueException.class)
                .hasMessage("prompt is longer than 4000 characters");
        assertThatThrownBy(() -> new Prompt("bad \uD800 surrogate")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void video_ids_have_the_original_format_and_do_not_collide() {
        Random random = new Random(42);
        Set<String> seen = new HashSet<>();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 100_000; i++) {
            VideoId id = VideoId.generate(now, random);
            assertThat(id.value()).matches("video_1767225600000_[0-9a-z]{12}");
            seen.add(id.value());
        }
        assertThat(seen).hasSize(100_000);
        assertThat(VideoId.parse("video_1764291402480_4xj89sk")).isPresent();
        assertThat(VideoId.parse("x".repeat(10_000))).isEmpty();
        assertThat(VideoId.parse("../etc/passwd")).isEmpty();
    }

    @Test
    void username_and_password_rules() {
        assertThat(new Username("alice.b-c_1").value()).isEqualTo("alice.b-c_1");
        assertThatThrownBy(() -> new Username("ab")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Username("al ice")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Password("short")).isInstanceOf(InvalidValueException.class)
                .hasMessage("password must be 8 to 256 characters");
        assertThatThrownBy(() -> new Password("p".repeat(257))).isInstanceOf(InvalidValueException.class);
        assertThat(new Password("p".repeat(256)).reveal()).hasSize(256);
        assertThat(new Password("long enough").toString()).doesNotContain("long enough");
    }

    @Test
    void reference_image_accepts_jpeg_png_webp_up_to_10_mib() {
        String digest = "a".repeat(64);
        assertThat(new ReferenceImage(digest, "image/png", 10).mediaType()).isEqualTo("image/png");
        assertThatThrownBy(() -> new ReferenceImage(digest, "image/gif", 10)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ReferenceImage(digest, "image/png", 10L * 1024 * 1024 + 1)).isInstanceOf(InvalidValueException.class);
    }
}
