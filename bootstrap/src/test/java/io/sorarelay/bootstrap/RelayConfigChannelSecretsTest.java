package io.sorarelay.bootstrap;

import io.sorarelay.adapter.postgres.ChannelSecretsKey;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code CHANNEL_SECRETS_KEY}: required with a database, checked for shape at start, and against the stored channels. */
class RelayConfigChannelSecretsTest {
    private static final String JWT = "a-jwt-secret-that-is-long-enough-for-production";

    private static Map<String, String> withDatabase() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sora");
        env.put("SORA_API_BASE", "http://127.0.0.1:9090/v1");
        env.put("SORA_API_KEY", "test-" + UUID.randomUUID());
        env.put("JWT_SECRET", JWT);
        return env;
    }

    @Test
    void a_database_without_the_key_is_refused_naming_the_variable() {
        assertThatThrownBy(() -> RelayConfig.from(withDatabase())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CHANNEL_SECRETS_KEY is required with DATABASE_URL");
    }

    @Test
    void no_database_needs_no_key_and_a_given_key_is_read() {
        assertThat(RelayConfig.from(Map.of()).channelSecrets().key()).as("embedded mode").isEmpty();
        Map<String, String> upstreamOnly = new HashMap<>(withDatabase());
        upstreamOnly.remove("DATABASE_URL");
        assertThat(RelayConfig.from(upstreamOnly).channelSecrets().key()).as("channels in memory, from the environment").isEmpty();

        String key = ChannelSecretsKey.generate().toBase64();
        Map<String, String> env = withDatabase();
        env.put("CHANNEL_SECRETS_KEY", key);
        RelayConfig c = RelayConfig.from(env);
        assertThat(c.channelSecrets().key()).hasValueSatisfying(k -> assertThat(k.toBase64()).isEqualTo(key));
        assertThat(c.toString()).contains("channelSecrets=set").doesNotContain(key);
    }

    @Test
    void a_key_that_is_not_the_base64_of_32_bytes_is_refused_without_showing_it() {
        Map<String, String> env = withDatabase();
        String short16 = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .substring(0, 24);
        env.put("CHANNEL_SECRETS_KEY", short16);
        assertThatThrownBy(() -> RelayConfig.from(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CHANNEL_SECRETS_KEY").hasMessageContaining("32 bytes").hasMessageNotContaining(short16);
        String notBase64 = "%%" + UUID.randomUUID();
        env.put("CHANNEL_SECRETS_KEY", notBase64);
        assertThatThrownBy(() -> RelayConfig.from(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CHANNEL_SECRETS_KEY").hasMessageContaining("base64").hasMessageNotContaining(notBase64);
    }

    @Test
    void a_previous_key_is_read_with_the_key_to_rotate_to_and_never_alone() {
        String key = ChannelSecretsKey.generate().toBase64();
        String previous = ChannelSecretsKey.generate().toBase64();
        Map<String, String> env = withDatabase();
        env.put("CHANNEL_SECRETS_KEY", key);
        env.put("CHANNEL_SECRETS_PREVIOUS_KEY", previous);
        RelayConfig c = RelayConfig.from(env);
        assertThat(c.channelSecrets().previous()).hasValueSatisfying(k -> assertThat(k.toBase64()).isEqualTo(previous));
        assertThat(c.toString()).contains("rotating").doesNotContain(key).doesNotContain(previous);

        env.remove("CHANNEL_SECRETS_KEY");
        assertThatThrownBy(() -> RelayConfig.from(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CHANNEL_SECRETS_PREVIOUS_KEY needs CHANNEL_SECRETS_KEY").hasMessageNotContaining(previous);
        env.put("CHANNEL_SECRETS_KEY", key);
        env.put("CHANNEL_SECRETS_PREVIOUS_KEY", "short");
        assertThatThrownBy(() -> RelayConfig.from(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CHANNEL_SECRETS_PREVIOUS_KEY").hasMessageNotContaining("short");
    }

    @Test
    void a_key_that_does_not_decrypt_the_stored_channels_stops_the_start_naming_the_variable() {
        PostgresConfig schema = TestDatabase.get().newSchemaConfig();
        ChannelSecretsKey stored = ChannelSecretsKey.generate();
        ChannelSecretsKey other = ChannelSecretsKey.generate();
        String credential = "test-" + UUID.randomUUID();
        try (PostgresAdapter pg = PostgresAdapter.connect(schema)) {
            ServerAssembly.storedChannels(pg, ChannelSecretsConfig.of(stored)).create(new Channel(new ChannelId("main"), "Main",
                    ProviderKind.OPENAI_COMPATIBLE,
                    "https://upstream.example/v1", new ChannelSecret("admin API", credential), Map.of("sora-2", "sora-2"), 1, 1, 4, 0, true),
                    Instant.now()).orElseThrow();

            assertThatThrownBy(() -> ServerAssembly.storedChannels(pg, ChannelSecretsConfig.of(other))).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("CHANNEL_SECRETS_KEY does not decrypt").hasMessageContaining("'main'")
                    .hasMessageNotContaining(credential).hasMessageNotContaining(other.toBase64()).hasMessageNotContaining(stored.toBase64());
            assertThat(ServerAssembly.storedChannels(pg, ChannelSecretsConfig.of(stored)).list()).hasSize(1);

            // Rotating to the other key: the previous one reads what is stored, which is then written under the new one.
            ChannelSecretsConfig rotating = new ChannelSecretsConfig(java.util.Optional.of(other), java.util.Optional.of(stored));
            assertThat(ServerAssembly.storedChannels(pg, rotating).list()).singleElement()
                    .satisfies(s -> assertThat(s.channel().credential().reveal()).isEqualTo(credential));
            assertThat(ServerAssembly.storedChannels(pg, ChannelSecretsConfig.of(other)).list()).hasSize(1);
            assertThatThrownBy(() -> ServerAssembly.storedChannels(pg, ChannelSecretsConfig.of(stored))).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("CHANNEL_SECRETS_KEY does not decrypt");
        }
    }
}
