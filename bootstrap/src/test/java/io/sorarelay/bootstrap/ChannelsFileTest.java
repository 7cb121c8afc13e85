package io.sorarelay.bootstrap;

import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ProviderKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelsFileTest {
    private static final String SECRET = "sk-live-0123456789-very-secret";
    private static final String JWT_SECRET = "channels-test-jwt-" + java.util.UUID.randomUUID();
    private static final String GOOD = """
            channels:
              - id: openai-main
                name: OpenAI, main account
                provider: openai-compatible
                baseUrl: https://api.openai.com/v1
                apiKey: ${OPENAI_KEY}
                models: [sora-2, sora-2-pro]
                priority: 10
                weight: 3
                maxConcurrent: 20
                maxRequestsPerSecond: 5
              - id: runway-eu
                provider: runway
                baseUrl: https://api.dev.runwayml.com
                apiKey: rw-inline-key
                models:
                  sora-2: gen4.5
                enabled: false
            """;

    @TempDir Path dir;

    private Map<String, String> env(Path file) {
        Map<String, String> env = new HashMap<>();
        env.put("CHANNELS_FILE", file.toString());
        env.put("OPENAI_KEY", SECRET);
        env.put("JWT_SECRET", JWT_SECRET);
        return env;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private String errorFor(String yaml) throws IOException {
        Path file = write("channels.yaml", yaml);
        try {
            RelayConfig.from(env(file));
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for\n" + yaml);
    }

    @Test
    void a_good_file_gives_typed_channels() throws IOException {
        RelayConfig c = RelayConfig.from(env(write("channels.yaml", GOOD)));

        assertThat(c.channels()).extracting(Channel::id).containsExactly(new ChannelId("openai-main"), new ChannelId("runway-eu"));
        Channel openai = c.channels().getFirst();
        assertThat(openai.name()).isEqualTo("OpenAI, main account");
        assertThat(openai.provider()).isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
        assertThat(openai.credential().reveal()).isEqualTo(SECRET);
        assertThat(openai.models()).containsEntry("sora-2", "sora-2").containsEntry("sora-2-pro", "sora-2-pro");
        assertThat(List.of(openai.priority(), openai.weight(), openai.maxConcurrent(), openai.maxRequestsPerSecond()))
                .containsExactly(10, 3, 20, 5);
        Channel runway = c.channels().get(1);
        assertThat(runway.name()).as("defaults to the id").isEqualTo("runway-eu");
        assertThat(runway.providerModel("sora-2")).contains("gen4.5");
        assertThat(runway.enabled()).isFalse();
        assertThat(List.of(runway.priority(), runway.weight(), runway.maxConcurrent(), runway.maxRequestsPerSecond()))
                .containsExactly(0, 1, 64, 0);
    }

    @Test
    void the_same_file_as_json_reads_the_same() throws IOException {
        Path json = write("channels.json", """
                {"channels": [{"id": "openai-main", "provider": "openai-compatible", "baseUrl": "https://api.openai.com/v1",
                  "apiKey": "${OPENAI_KEY}", "models": {"sora-2": "sora-2"}, "priority": 10}]}
                """);
        RelayConfig c = RelayConfig.from(env(json));
        assertThat(c.channels()).singleElement().satisfies(ch -> {
            assertThat(ch.priority()).isEqualTo(10);
            assertThat(ch.credential().reveal()).isEqualTo(SECRET);
        });
    }

    @Test
    void errors_name_the_file_the_line_and_the_field() throws IOException {
        assertThat(errorFor(GOOD.replace("provider: runway", "provider: pika")))
                .startsWith("CHANNELS_FILE " + dir.resolve("channels.yaml") + ", line 13, channels[1].provider: unknown provider 'pika'")
                .contains("openai-compatible", "runway");
        assertThat(errorFor(GOOD.replace("id: runway-eu", "id: openai-main")))
                .contains("line 12, channels[1].id: 'openai-main' is already the id of the channel at line 2");
        assertThat(errorFor(GOOD.replace("sora-2: gen4.5", "gen4.5: gen4.5")))
                .contains("line 17, channels[1].models: model 'gen4.5' is not in the catalogue; known: sora-2");
        assertThat(errorFor(GOOD.replace("    apiKey: rw-inline-key\n", "")))
                .contains("line 12, channels[1].apiKey: is required");
        assertThat(errorFor(GOOD.replace("weight: 3", "weight: 0"))).contains("line 9, channels[0].weight: must be a whole number from 1");
        assertThat(errorFor(GOOD.replace("weight: 3", "wieght: 3"))).contains("line 9, channels[0].wieght: unknown field");
        assertThat(errorFor(GOOD.replace("enabled: false", "enabled: sometimes"))).contains("line 18, channels[1].enabled: must be true or false");
        assertThat(errorFor(GOOD.replace("baseUrl: https://api.dev.runwayml.com", "baseUrl: ftp://x")))
                .contains("line 14, channels[1].baseUrl: must be an http:// or https:// URL");
        assertThat(errorFor(GOOD.replace("id: runway-eu", "id: runway eu"))).contains("line 12, channels[1].id: a channel id is");
        assertThat(errorFor("channels:\n  - id: [unclosed\n")).contains("CHANNELS_FILE", "line ");
        assertThat(errorFor("channels: []\n")).contains("line 1, channels: must be a non-empty list");
    }

    @Test
    void a_missing_secret_is_a_start_up_error_naming_the_variable() throws IOException {
        Map<String, String> env = env(write("channels.yaml", GOOD));
        env.remove("OPENAI_KEY");
        assertThatThrownBy(() -> RelayConfig.from(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 6, channels[0].apiKey: environment variable OPENAI_KEY is not set");
    }

    @Test
    void a_missing_file_is_a_start_up_error() {
        assertThatThrownBy(() -> RelayConfig.from(Map.of("CHANNELS_FILE", dir.resolve("nope.yaml").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CHANNELS_FILE: cannot read");
    }

    @Test
    void secrets_never_appear_in_descriptions_or_errors() throws IOException {
        RelayConfig c = RelayConfig.from(env(write("channels.yaml", GOOD)));
        assertThat(c.toString()).contains("channels=openai-main,runway-eu").doesNotContain(SECRET).doesNotContain("rw-inline-key");
        assertThat(c.channels().toString()).doesNotContain(SECRET).doesNotContain("rw-inline-key");

        String withSecretInUrl = GOOD.replace("baseUrl: https://api.dev.runwayml.com", "baseUrl: https://user:" + SECRET + "@api.example");
        assertThat(errorFor(withSecretInUrl)).contains("must not carry credentials").doesNotContain(SECRET);
        assertThat(errorFor(GOOD.replace("weight: 3", "weight: lots"))).doesNotContain(SECRET).doesNotContain("rw-inline-key");
    }

    @Test
    void a_syntax_error_next_to_an_inline_key_does_not_repeat_it() throws IOException {
        Path json = write("channels.json", "{\"channels\": [{\"id\": \"a\",\n \"apiKey\": " + SECRET + "}]}");
        assertThatThrownBy(() -> RelayConfig.from(env(json))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(", line 2: not well-formed JSON").hasMessageNotContaining(SECRET).hasMessageNotContaining("sk-live");
        Path yaml = write("channels.yaml", "channels:\n  - id: a\n    apiKey: \"" + SECRET + "\n");
        assertThatThrownBy(() -> RelayConfig.from(env(yaml))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not well-formed YAML").hasMessageNotContaining(SECRET).hasMessageNotContaining("sk-live");
    }

    @Test
    void channels_are_real_upstreams_so_a_node_serving_them_needs_a_strong_jwt_secret() throws Exception {
        Map<String, String> env = env(write("channels.yaml", GOOD));
        env.remove("JWT_SECRET");
        assertThatThrownBy(() -> RelayConfig.from(env)).isInstanceOf(ConfigException.class).hasMessageContaining("JWT_SECRET is required");
        env.put("JWT_SECRET", "short");
        assertThatThrownBy(() -> RelayConfig.from(env)).isInstanceOf(ConfigException.class).hasMessageContaining("JWT_SECRET must be at least");
        env.put("JWT_SECRET", JWT_SECRET);
        assertThat(RelayConfig.from(env).production()).as("no SORA_API_BASE needed beside channels").isTrue();
    }

    @Test
    void without_a_file_sora_api_base_and_key_make_the_one_default_channel() {
        RelayConfig c = RelayConfig.from(Map.of("SORA_API_BASE", "http://127.0.0.1:9090/v1", "SORA_API_KEY", SECRET,
                "JWT_SECRET", "0123456789abcdef0123456789abcdef-strong", "UPSTREAM_MAX_CONCURRENCY", "12"));
        assertThat(c.channels()).singleElement().satisfies(ch -> {
            assertThat(ch.id()).isEqualTo(ChannelId.DEFAULT);
            assertThat(ch.provider()).isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
            assertThat(ch.baseUrl()).isEqualTo("http://127.0.0.1:9090/v1");
            assertThat(ch.credential().reveal()).isEqualTo(SECRET);
            assertThat(ch.models().keySet()).containsExactlyInAnyOrder("sora-2", "sora-2-pro", "sora_video2", "sora_video2-portrait",
                    "sora_video2-landscape");
            assertThat(ch.maxConcurrent()).isEqualTo(12);
        });
        assertThat(c.toString()).doesNotContain(SECRET);
        assertThat(RelayConfig.from(Map.of()).channels()).as("embedded mode: the simulator, no channel").isEmpty();
    }
}
