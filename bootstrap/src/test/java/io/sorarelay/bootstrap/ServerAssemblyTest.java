package io.sorarelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.SseStream;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.VideoId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The server exactly as `bin/run` assembles it from the environment. */
class ServerAssemblyTest {

    @Test
    void with_no_configuration_it_runs_the_embedded_demo_end_to_end() throws Exception {
        RelayConfig config = RelayConfig.from(Map.of("PORT", "0", "SIM_DURATION_MS", "600"));
        ServerAssembly.Assembled server = ServerAssembly.assemble(config);
        try (SoraRelay relay = server.relay().start()) {
            int port = relay.httpPort().orElseThrow();
            String banner = Banner.text(config, server, port);
            assertThat(banner).contains("EMBEDDED DEMO MODE").contains("DATABASE_URL").contains("http://localhost:" + port);
            assertThat(server.embeddedSimulator()).isTrue();

            ApiClient user = ApiClient.newUser("http://127.0.0.1:" + port);
            assertThat(ApiClient.anonymous(user.base).get("/health/ready").status()).isEqualTo(200);
            try (SseStream stream = SseStream.open(user, OptionalLong.empty())) {
                String id = user.create("the demo", "crid-" + UUID.randomUUID()).data().path("videoId").asText();
                stream.until(e -> e.task().path("videoId").asText().equals(id) && e.task().path("status").asText().equals("COMPLETED"),
                        Duration.ofSeconds(30));
            }
        }
    }

    /** CREDITS on in the demo: the signup grant pays for a task, its completion charges it, the account shows it. */
    @Test
    void with_credits_on_a_completed_task_is_charged_once_to_its_owner() throws Exception {
        RelayConfig config = RelayConfig.from(Map.of("PORT", "0", "SIM_DURATION_MS", "300", "CREDITS", "true", "SIGNUP_CREDITS", "500"));
        try (SoraRelay relay = ServerAssembly.assemble(config).relay().start()) {
            ApiClient user = ApiClient.newUser("http://127.0.0.1:" + relay.httpPort().orElseThrow());
            assertThat(user.get("/api/account").data().path("balance").asLong()).isEqualTo(500);
            ApiClient.Reply created = user.create("a paid demo", "crid-" + UUID.randomUUID());
            String id = created.data().path("videoId").asText();
            long cost = created.data().path("cost").path("credits").asLong();
            assertThat(cost).isPositive();

            await("the task completes and is charged").atMost(Duration.ofSeconds(30))
                    .until(() -> user.get("/api/video/tasks/" + id).data().path("cost").path("state").asText().equals("charged"));

            var account = user.get("/api/account").data();
            assertThat(account.path("spent").asLong()).isEqualTo(cost);
            assertThat(account.path("held").asLong()).isZero();
            assertThat(account.path("balance").asLong()).isEqualTo(500 - cost);
        }
    }

    @Test
    void the_embedded_demo_lists_the_runway_model_and_runs_it_on_the_runway_channel() throws Exception {
        ServerAssembly.Assembled server = ServerAssembly.assemble(RelayConfig.from(Map.of("PORT", "0", "SIM_DURATION_MS", "600")));
        try (SoraRelay relay = server.relay().start()) {
            ApiClient user = ApiClient.newUser("http://127.0.0.1:" + relay.httpPort().orElseThrow());
            JsonNode runway = null;
            for (JsonNode m : user.get("/api/models").data().path("models"))
                if (m.path("name").asText().equals("runway-gen4.5")) runway = m;
            assertThat(runway).as("the Runway model is in the catalogue").isNotNull();
            assertThat(runway.path("seconds").toString()).isEqualTo("[\"5\",\"10\"]");
            assertThat(runway.path("price").path("creditsPerSecond").asInt()).isEqualTo(12);

            ApiClient.Reply created = user.post("/api/relay/sora/videos", "{\"prompt\":\"a runway cat\",\"model\":\"runway-gen4.5\","
                    + "\"seconds\":\"5\",\"size\":\"1280x720\",\"clientRequestId\":\"crid-" + UUID.randomUUID() + "\"}");
            assertThat(created.status()).as(created.toString()).isBetween(200, 202);
            VideoId id = new VideoId(created.data().path("videoId").asText());
            await("the Runway task completes").atMost(Duration.ofSeconds(30))
                    .until(() -> user.task(id.value()).path("status").asText().equals("COMPLETED"));
            assertThat(relay.services().ports().load().findById(id).orElseThrow().channel())
                    .hasValue(new ChannelId("sim-runway"));
        }
    }

    @Test
    void the_embedded_demo_runs_a_model_of_each_native_provider_on_its_own_channel() throws Exception {
        ServerAssembly.Assembled server = ServerAssembly.assemble(RelayConfig.from(Map.of("PORT", "0", "SIM_DURATION_MS", "600")));
        try (SoraRelay relay = server.relay().start()) {
            ApiClient user = ApiClient.newUser("http://127.0.0.1:" + relay.httpPort().orElseThrow());
            java.util.Map<String, JsonNode> listed = new java.util.HashMap<>();
            for (JsonNode m : user.get("/api/models").data().path("models")) listed.put(m.path("name").asText(), m);
            java.util.Map<VideoId, ChannelId> expected = new java.util.HashMap<>();
            for (io.sorarelay.domain.channel.ProviderKind kind : java.util.List.of(io.sorarelay.domain.channel.ProviderKind.WAN,
                    io.sorarelay.domain.channel.ProviderKind.SEEDANCE, io.sorarelay.domain.channel.ProviderKind.VEO,
                    io.sorarelay.domain.channel.ProviderKind.KLING, io.sorarelay.domain.channel.ProviderKind.MINIMAX)) {
                io.sorarelay.domain.ModelDefinition model = NativeModels.of(kind).get(0);
                assertThat(listed).as(kind + "'s model " + model.name() + " is in the catalogue").containsKey(model.name());
                ApiClient.Reply created = user.post("/api/relay/sora/videos", "{\"prompt\":\"a cat on " + kind.wireName() + "\",\"model\":\""
                        + model.name() + "\",\"seconds\":\"" + model.seconds().get(0) + "\",\"size\":\"" + model.sizes().get(0)
                        + "\",\"clientRequestId\":\"crid-" + UUID.randomUUID() + "\"}");
                assertThat(created.status()).as(kind + ": " + created).isBetween(200, 202);
                expected.put(new VideoId(created.data().path("videoId").asText()), new ChannelId("sim-" + kind.wireName()));
            }
            for (var e : expected.entrySet()) {
                await("the task on " + e.getValue() + " completes").atMost(Duration.ofSeconds(60))
                        .until(() -> user.task(e.getKey().value()).path("status").asText(), s -> s.equals("COMPLETED") || s.equals("FAILED"));
                assertThat(user.task(e.getKey().value()).path("status").asText()).as(e.getValue() + ": " + user.task(e.getKey().value()))
                        .isEqualTo("COMPLETED");
                assertThat(relay.services().ports().load().findById(e.getKey()).orElseThrow().channel()).hasValue(e.getValue());
            }
        }
    }

    @Test
    void a_graceful_stop_tells_open_streams_to_reconnect_and_refuses_new_work() throws Exception {
        ServerAssembly.Assembled server = ServerAssembly.assemble(RelayConfig.from(Map.of("PORT", "0", "SIM_DURATION_MS", "60000")));
        SoraRelay relay = server.relay().start();
        ApiClient user = ApiClient.newUser("http://127.0.0.1:" + relay.httpPort().orElseThrow());
        try (SseStream stream = SseStream.open(user, OptionalLong.empty())) {
            user.create("long job", "crid-" + UUID.randomUUID());
            stream.until(e -> true, Duration.ofSeconds(10));
            relay.close();
            await("the stream is told to reconnect").atMost(Duration.ofSeconds(10)).until(() -> "1000".equals(stream.retry));
        }
    }

    @Test
    void production_mode_refuses_to_start_without_its_secrets() {
        assertThatThrownBy(() -> RelayConfig.from(Map.of("SORA_API_BASE", "http://127.0.0.1:1/v1", "SORA_API_KEY", "k")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JWT_SECRET");
    }
}
