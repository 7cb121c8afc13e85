package io.sorarelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.application.service.CallbackTokens;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Provider callbacks over real HTTP: the relay (its channels wired as {@code PUBLIC_BASE_URL} wires them) and the
 * simulator's Seedance, Kling, MiniMax and Veo (Gemini API) modes, with polls an hour apart and the sweep off, so a task
 * can only finish through its callback. A forged callback is refused and changes nothing; a repeated or late one changes
 * nothing.
 */
class ProviderCallbacksEndToEndTest {
    private static final String JWT_SECRET = "callbacks-e2e-secret-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private static SoraSimulator sim;
    private static SoraRelay relay;
    private static CallbackTokens tokens;
    private static ApiClient user;

    @BeforeAll
    static void start() throws IOException {
        String key = "sk-callbacks-" + ThreadLocalRandom.current().nextInt(1_000_000);
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key).duration(Duration.ofMillis(1500)).build());
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        tokens = new CallbackTokens(secret);
        ModelCatalogue catalogue = EmbeddedChannels.catalogue(ModelCatalogue.defaults());
        List<Channel> channels = EmbeddedChannels.channels(ModelCatalogue.defaults(), sim, key, sim.baseUrl(), key, 16);
        relay = SoraRelay.builder()
                .providers(ChannelProviders.directory(channels, Duration.ofSeconds(15),
                        Optional.of(new ChannelProviders.Callbacks(URI.create("http://127.0.0.1:" + port), tokens))))
                .providerCallbacks(tokens)
                .settings(new RelaySettings(catalogue, new PollPolicy(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(3)),
                        0, 0, Duration.ofSeconds(60), 64, SweepSettings.off()))
                .engine(new SoraRelay.EngineOptions("node-callbacks", 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .http(port, HttpSettings.defaults().withJwtSecret(JWT_SECRET))
                .build().start();
        user = ApiClient.newUser("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() {
        if (relay != null) relay.close();
        if (sim != null) sim.close();
    }

    private static String create(ProviderKind kind) {
        ModelDefinition m = NativeModels.of(kind).getFirst();
        ApiClient.Reply r = user.post("/api/relay/sora/videos", "{\"prompt\":\"a heron at dawn\",\"model\":\"" + m.name() + "\",\"seconds\":\""
                + m.seconds().getFirst() + "\",\"size\":\"" + m.sizes().getFirst() + "\"}");
        assertThat(r.status()).as("create %s: %s", kind, r).isIn(200, 201, 202);
        return r.data().path("videoId").asText();
    }

    private static ApiClient.Reply callback(String path, String body) {
        return ApiClient.anonymous(user.base).post(path, body);
    }

    /** The provider's own body saying the job finished (or, with {@code done} false, that it runs), for {@code external} our id of it. */
    private static String body(ProviderKind kind, String external, boolean done) {
        return switch (kind) {
            case SEEDANCE -> "{\"id\":\"" + external + "\",\"model\":\"m\",\"status\":\"" + (done ? "succeeded" : "running")
                    + "\",\"content\":{\"video_url\":\"https://cdn.example/v.mp4\"},\"created_at\":1,\"updated_at\":2}";
            case KLING -> "{\"task_id\":\"" + external.substring(external.indexOf('/') + 1) + "\",\"task_status\":\"" + (done ? "succeed" : "processing")
                    + "\",\"task_status_msg\":\"\",\"task_result\":{\"videos\":[{\"id\":\"v\",\"url\":\"https://cdn.example/v.mp4\",\"duration\":\"5\"}]}}";
            case MINIMAX -> "{\"task_id\":\"" + external + "\",\"status\":\"" + (done ? "success" : "processing")
                    + "\",\"file_id\":\"1\",\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}";
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }

    private static String failedBody(ProviderKind kind, String external) {
        return switch (kind) {
            case SEEDANCE -> "{\"id\":\"" + external + "\",\"status\":\"failed\",\"error\":{\"code\":\"OutputVideoSensitiveContentDetected\",\"message\":\"x\"}}";
            case KLING -> "{\"task_id\":\"" + external.substring(external.indexOf('/') + 1) + "\",\"task_status\":\"failed\",\"task_status_msg\":\"risk control\"}";
            case MINIMAX -> "{\"task_id\":\"" + external + "\",\"status\":\"failed\",\"base_resp\":{\"status_code\":1027,\"status_msg\":\"sensitive\"}}";
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"SEEDANCE", "KLING", "MINIMAX"})
    void a_task_finishes_through_its_callback_alone_and_forged_or_repeated_callbacks_change_nothing(ProviderKind kind) {
        String provider = kind.wireName();
        long readsBefore = UpstreamStats.read(sim.port()).path("retrieves").asLong();
        String video = create(kind);
        await().atMost(Duration.ofSeconds(10)).until(() -> !user.task(video).path("externalTaskId").asText("").isEmpty());
        String external = user.task(video).path("externalTaskId").asText();

        // Forged: no token, another task's token, another provider's token: 401, nothing changed.
        String otherVideo = VideoId.generate(Instant.now(), ThreadLocalRandom.current()).value();
        for (String path : List.of("/api/callbacks/" + provider + "/" + video + "/forged",
                CallbackTokens.ROUTE + "/" + provider + "/" + video + "/" + tokens.token(provider, new VideoId(otherVideo)),
                CallbackTokens.ROUTE + "/" + provider + "/" + video + "/" + tokens.token(kind == ProviderKind.KLING ? "seedance" : "kling", new VideoId(video)))) {
            ApiClient.Reply forged = callback(path, failedBody(kind, external));
            assertThat(forged.status()).as("%s %s", kind, forged).isEqualTo(401);
            assertThat(forged.body().path("success").asBoolean()).isFalse();
            assertThat(forged.body().path("error").path("code").asText()).isEqualTo("invalid_callback_token");
        }
        assertThat(user.task(video).path("status").asText()).isNotIn("FAILED", "COMPLETED");
        // A valid token for a task that does not exist: 404 in the envelope.
        assertThat(callback(tokens.path(provider, new VideoId(otherVideo)), body(kind, external, true)).status()).isEqualTo(404);

        // Polls are an hour apart and the sweep is off: the simulator's own callback finishes the task.
        await().atMost(Duration.ofSeconds(20)).until(() -> user.task(video).path("status").asText().equals("COMPLETED"));
        JsonNode done = user.task(video);
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        // One read of the job in all: the confirmation of the callback that said it finished. No poll.
        assertThat(UpstreamStats.read(sim.port()).path("retrieves").asLong() - readsBefore).isEqualTo(1);

        // Repeated, late and contradicting callbacks with the right token: accepted, nothing changes.
        String path = tokens.path(provider, new VideoId(video));
        for (String late : List.of(body(kind, external, true), body(kind, external, false), failedBody(kind, external))) {
            ApiClient.Reply r = callback(path, late);
            assertThat(r.status()).as("%s %s", kind, r).isEqualTo(200);
            assertThat(r.data().path("result").asText()).isEqualTo("unchanged");
        }
        JsonNode after = user.task(video);
        assertThat(after.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(after.path("updatedAt").asText()).isEqualTo(done.path("updatedAt").asText());
        // A body naming another job of this provider is not this task's news.
        assertThat(callback(path, body(kind, kind == ProviderKind.KLING ? "text2video/999" : "other-job", true)).status()).isEqualTo(404);
    }

    /** Veo's only video event, as the Gemini API's dynamic webhook POSTs it. */
    private static String veoEvent(String operation) {
        return "{\"type\":\"video.generated\",\"version\":\"v1\",\"timestamp\":\"2026-05-04T12:00:00Z\",\"data\":{\"id\":\""
                + operation + "\",\"output_file_uri\":\"https://generativelanguage.googleapis.com/v1beta/files/x:download?alt=media\",\"file_name\":\"files/x\"}}";
    }

    @Test
    void a_veo_task_finishes_through_its_gemini_webhook_alone_and_forged_events_change_nothing() {
        String provider = ProviderKind.VEO.wireName();
        long readsBefore = UpstreamStats.read(sim.port()).path("retrieves").asLong();
        long sentBefore = UpstreamStats.read(sim.port()).path("webhooksSent").asLong();
        String video = create(ProviderKind.VEO);
        await().atMost(Duration.ofSeconds(10)).until(() -> !user.task(video).path("externalTaskId").asText("").isEmpty());
        String external = user.task(video).path("externalTaskId").asText();
        assertThat(external).startsWith("models/veo-");

        // Forged: no token, another task's token, another provider's token: 401, nothing changed.
        String otherVideo = VideoId.generate(Instant.now(), ThreadLocalRandom.current()).value();
        for (String path : List.of("/api/callbacks/" + provider + "/" + video + "/forged",
                CallbackTokens.ROUTE + "/" + provider + "/" + video + "/" + tokens.token(provider, new VideoId(otherVideo)),
                CallbackTokens.ROUTE + "/" + provider + "/" + video + "/" + tokens.token("kling", new VideoId(video)))) {
            ApiClient.Reply forged = callback(path, veoEvent(external));
            assertThat(forged.status()).as("%s", forged).isEqualTo(401);
            assertThat(forged.body().path("error").path("code").asText()).isEqualTo("invalid_callback_token");
        }
        // The right token but no JWT, or one that is not Google's: 401, nothing changed (the event is never applied).
        String path = tokens.path(provider, new VideoId(video));
        String forgedJwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl";
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("webhook-id", "msg_x", "webhook-timestamp", "1",
                "webhook-signature", forgedJwt))) {
            ApiClient.Reply forged = ApiClient.anonymous(user.base).post(path, veoEvent(external), headers);
            assertThat(forged.status()).as("%s", forged).isEqualTo(401);
            assertThat(forged.body().path("error").path("code").asText()).isEqualTo("invalid_callback_signature");
        }
        assertThat(user.task(video).path("status").asText()).isNotIn("FAILED", "COMPLETED");

        // Polls are an hour apart and the sweep is off: the simulator's signed video.generated finishes the task.
        await().atMost(Duration.ofSeconds(20)).until(() -> user.task(video).path("status").asText().equals("COMPLETED"));
        assertThat(user.task(video).path("progress").asInt()).isEqualTo(100);
        assertThat(UpstreamStats.read(sim.port()).path("webhooksSent").asLong() - sentBefore).isEqualTo(1);
        // One read of the operation in all: the confirmation of the event. No poll.
        assertThat(UpstreamStats.read(sim.port()).path("retrieves").asLong() - readsBefore).isEqualTo(1);
    }
}
