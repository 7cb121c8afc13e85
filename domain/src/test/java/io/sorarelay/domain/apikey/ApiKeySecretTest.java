package io.sorarelay.domain.apikey;

import io.sorarelay.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeySecretTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void a_new_secret_is_srk_and_forty_base62_characters_and_never_repeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String s = ApiKeySecret.generate(RANDOM).reveal();
            assertThat(s).matches("srk_[0-9A-Za-z]{40}");
            assertThat(seen.add(s)).isTrue();
        }
    }

    @Test
    void to_string_shows_the_prefix_and_never_the_secret() {
        ApiKeySecret secret = ApiKeySecret.generate(RANDOM);
        assertThat(secret.toString()).startsWith(secret.prefix()).doesNotContain(secret.reveal().substring(secret.prefix().length()));
        assertThat(secret.prefix()).hasSize(12).startsWith("srk_");
    }

    @Test
    void the_hash_is_the_sha256_hex_of_the_secret_and_the_same_when_presented_again() {
        ApiKeySecret made = ApiKeySecret.generate(RANDOM);
        ApiKeySecret presented = ApiKeySecret.presented(made.reveal());
        assertThat(presented.hash()).isEqualTo(made.hash()).matches("[0-9a-f]{64}").doesNotContain(made.reveal());
        assertThat(presented).isEqualTo(made);
        // Plain SHA-256 of the whole secret in lower-case hex (no salt, not just the prefix), computed apart by the JDK.
        String zeros = "srk_" + "0".repeat(40);
        assertThat(ApiKeySecret.presented(zeros).hash()).isEqualTo(sha256Hex(zeros));
    }

    @Test
    void a_malformed_key_is_refused() {
        for (String bad : new String[] {"srk_short", "sk-" + "0123456789".repeat(4), "srk_" + "!".repeat(40), "srk_" + "a".repeat(65)})
            assertThatThrownBy(() -> ApiKeySecret.presented(bad)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void scopes_parse_from_their_wire_names_only() {
        assertThat(ApiKeyScope.parse("tasks:read")).isEqualTo(ApiKeyScope.TASKS_READ);
        assertThat(ApiKeyScope.parse("tasks:write")).isEqualTo(ApiKeyScope.TASKS_WRITE);
        assertThatThrownBy(() -> ApiKeyScope.parse("TASKS_READ")).isInstanceOf(InvalidValueException.class);
        assertThat(ApiKeyScope.all()).containsExactlyInAnyOrder(ApiKeyScope.values());
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
