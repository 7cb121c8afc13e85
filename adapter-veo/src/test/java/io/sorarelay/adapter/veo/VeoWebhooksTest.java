package io.sorarelay.adapter.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.sun.net.httpserver.HttpServer;
import io.sorarelay.adapter.providerhttp.CallbackUrls;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.CallbackReading;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UpstreamObservation.UpstreamStatus;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Veo's dynamic webhook: sent with Gemini API creates only, and its {@code video.generated} event read as news. */
class VeoWebhooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VideoSpec SPEC = new VideoSpec("veo-3.1-fast-generate-001", "6", "720x1280");
    private static final CallbackUrls URLS = CallbackUrls.under(URI.create("https://relay.example/api/callbacks/veo"));
    private static final ExternalTaskId JOB = new ExternalTaskId("models/veo-3.1-fast-generate-001/operations/abc123");
    /** The shape of the Gemini API's documented example event for a video. */
    private static final String EVENT = """
            {"type":"video.generated","version":"v1","timestamp":"2026-05-04T12:00:00Z",
             "data":{"id":"%s","output_file_uri":"https://generativelanguage.googleapis.com/v1beta/files/abc123:download?alt=media",
                     "file_name":"files/abc123"}}""";
    private SoraSimulator sim;
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
        if (receiver != null) receiver.stop(0);
    }

    private static VideoProvider.SubmitJob job() {
        return new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt("a heron"), SPEC,
                Optional.empty(), Optional.empty());
    }

    private static VeoHttpClient gemini() { return new VeoHttpClient(VeoClientConfig.of("https://g.example", "k").withCallbacks(URLS)); }

    private static CallbackReading read(VeoHttpClient client, Optional<ExternalTaskId> job, String body) {
        return client.readCallback(job, body.getBytes(StandardCharsets.UTF_8));
    }

    private static CallbackReading read(Optional<ExternalTaskId> job, String body) {
        return VeoWebhooks.read(job, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_gemini_create_names_the_tasks_callback_url_as_its_webhook_and_our_id_in_its_metadata() throws Exception {
        VideoProvider.SubmitJob job = job();
        JsonNode body = VeoRequests.create(job, JSON, false, Optional.of(URLS)).body();
        JsonNode webhook = body.path("webhookConfig");
        assertThat(webhook.path("uris")).hasSize(1);
        assertThat(webhook.path("uris").path(0).asText()).isEqualTo("https://relay.example/api/callbacks/veo/" + job.idempotencyKey().value());
        assertThat(webhook.path("userMetadata").path(VeoRequests.VIDEO_ID).asText()).isEqualTo(job.idempotencyKey().value());
        assertThat(body.path("parameters").has("webhookConfig")).as("top level, as the SDKs place it").isFalse();

        assertThat(VeoRequests.create(job, JSON, true, Optional.of(URLS)).body().has("webhookConfig")).as("Vertex AI has no webhooks").isFalse();
        assertThat(VeoRequests.create(job, JSON, false, Optional.empty()).body().has("webhookConfig")).isFalse();
    }

    @Test
    void only_a_gemini_channel_with_callbacks_calls_back() {
        assertThat(gemini().callsBack()).isTrue();
        assertThat(new VeoHttpClient(VeoClientConfig.of("https://g.example", "k")).callsBack()).isFalse();
        VeoHttpClient vertex = new VeoHttpClient(VeoClientConfig.vertexExpress("https://aiplatform.googleapis.com", "k").withCallbacks(URLS));
        assertThat(vertex.callsBack()).isFalse();
        assertThat(read(vertex, Optional.of(JOB), EVENT.formatted(JOB.value()))).isInstanceOf(CallbackReading.Unreadable.class);
    }

    @Test
    void video_generated_is_news_that_the_operation_completed() {
        for (String id : List.of(JOB.value(), "abc123", "")) {
            CallbackReading r = read(Optional.of(JOB), EVENT.formatted(id));
            assertThat(r).as(id).isInstanceOf(CallbackReading.News.class);
            VideoProvider.Observed o = ((CallbackReading.News) r).observed();
            assertThat(o.id()).isEqualTo(JOB);
            assertThat(o.observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        }
        // Another operation's event is news about that one (the service answers it as a mismatch).
        CallbackReading other = read(Optional.of(JOB), EVENT.formatted("models/veo-3.1-fast-generate-001/operations/zzz"));
        assertThat(((CallbackReading.News) other).observed().id().value()).endsWith("/zzz");
    }

    @Test
    void any_other_body_is_unreadable() {
        assertThat(read(Optional.of(JOB), "not json")).isInstanceOf(CallbackReading.Unreadable.class);
        assertThat(read(Optional.of(JOB), "[1]")).isInstanceOf(CallbackReading.Unreadable.class);
        assertThat(read(Optional.of(JOB), EVENT.formatted(JOB.value()).replace("video.generated", "batch.succeeded")))
                .isInstanceOf(CallbackReading.Unreadable.class);
        assertThat(read(Optional.empty(), EVENT.formatted(JOB.value()))).as("the operation is not known yet")
                .isInstanceOf(CallbackReading.Unreadable.class);
    }

    @Test
    void an_event_without_a_signature_is_refused() {
        assertThat(read(gemini(), Optional.of(JOB), EVENT.formatted(JOB.value()))).isInstanceOf(CallbackReading.Refused.class);
        assertThat(gemini().readCallback(Optional.of(JOB), Map.of("webhook-signature", "v1,bm90IGEgand0"),
                EVENT.formatted(JOB.value()).getBytes(StandardCharsets.UTF_8))).isInstanceOf(CallbackReading.Refused.class);
    }

    @Test
    void the_simulators_signed_webhook_reads_as_its_completion_and_a_forged_or_stale_signature_is_refused() throws Exception {
        List<byte[]> posts = new CopyOnWriteArrayList<>();
        Map<String, String> headers = new ConcurrentHashMap<>();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
            posts.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_test").duration(Duration.ofMillis(100))
                .clock(InstantSource.system()).build());
        VeoClientConfig config = VeoClientConfig.of(sim.veoBaseUrl(), "key_test")
                .withCallbacks(CallbackUrls.under(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks")));
        VeoHttpClient client = new VeoHttpClient(config);
        VideoProvider.Result<VideoProvider.Observed> submitted = client.submit(job());
        assertThat(submitted).isInstanceOf(VideoProvider.Result.Ok.class);
        ExternalTaskId id = ((VideoProvider.Result.Ok<VideoProvider.Observed>) submitted).value().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> !posts.isEmpty());
        byte[] body = posts.getFirst();
        CallbackReading r = client.readCallback(Optional.of(id), headers, body);
        assertThat(r).as("%s", r).isInstanceOf(CallbackReading.News.class);
        assertThat(((CallbackReading.News) r).observed().id()).isEqualTo(id);

        // A JWT of another key under the simulator's key id; the same token an hour after it expired; no token at all.
        String kid = JWT.decode(headers.get("webhook-signature")).getKeyId();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair other = rsa.generateKeyPair();
        String forged = JWT.create().withKeyId(kid).withIssuedAt(Instant.now()).withExpiresAt(Instant.now().plusSeconds(300))
                .sign(Algorithm.RSA256((RSAPublicKey) other.getPublic(), (RSAPrivateKey) other.getPrivate()));
        Map<String, String> forgedHeaders = new java.util.HashMap<>(headers);
        forgedHeaders.put("webhook-signature", forged);
        assertThat(client.readCallback(Optional.of(id), forgedHeaders, body)).isInstanceOf(CallbackReading.Refused.class);
        VeoHttpClient later = new VeoHttpClient(config.withClock(() -> Instant.now().plus(Duration.ofHours(1))));
        assertThat(later.readCallback(Optional.of(id), headers, body)).isInstanceOf(CallbackReading.Refused.class);
        assertThat(client.readCallback(Optional.of(id), Map.of(), body)).isInstanceOf(CallbackReading.Refused.class);
    }
}
