package io.sorarelay.simulator.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Veo mode's dynamic webhooks: {@code video.generated} POSTed to {@code webhookConfig.uris}, signed with an RS256 JWT. */
class VeoWebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "key_test";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private SoraSimulator sim;
    private HttpServer receiver;

    /** One POST as the receiver saw it. */
    private record Post(Map<String, String> headers, byte[] body) {}

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.HashMap<>();
            for (String h : List.of("webhook-id", "webhook-timestamp", "webhook-signature"))
                headers.put(h, exchange.getRequestHeaders().getFirst(h));
            received.add(Map.of("post", new Post(headers, body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(KEY).duration(Duration.ofMillis(100)).clock(InstantSource.system()).build());
    }

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
        if (receiver != null) receiver.stop(0);
    }

    private String hook() { return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"; }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("x-goog-api-key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String create(String prompt) throws Exception {
        HttpResponse<String> r = post(sim.veoBaseUrl() + "/v1beta/models/veo-3.1-fast-generate-001:predictLongRunning",
                "{\"instances\":[{\"prompt\":\"" + prompt + "\"}],\"parameters\":{\"aspectRatio\":\"16:9\",\"durationSeconds\":6,\"resolution\":\"720p\"},"
                        + "\"webhookConfig\":{\"uris\":[\"" + hook() + "\"],\"userMetadata\":{\"video_id\":\"video_1\"}}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("name").asText();
    }

    private long stat(String name) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path(name).asLong();
    }

    @Test
    void a_made_video_is_announced_to_the_webhook_with_a_jwt_the_served_key_set_verifies() throws Exception {
        String name = create("a kite over dunes");
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        Post p = (Post) received.getFirst().get("post");
        JsonNode event = JSON.readTree(p.body());
        assertThat(event.path("type").asText()).isEqualTo("video.generated");
        assertThat(event.path("version").asText()).isEqualTo("v1");
        assertThat(event.path("data").path("id").asText()).isEqualTo(name);
        assertThat(event.path("data").path("output_file_uri").asText()).contains("/files/").endsWith(":download?alt=media");
        assertThat(p.headers().get("webhook-id")).isNotBlank();
        assertThat(Long.parseLong(p.headers().get("webhook-timestamp"))).isPositive();
        assertThat(stat("webhooksSent")).isEqualTo(1);

        // The key set is served without a key, and verifies the token's RS256 signature; exp follows iat.
        HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(URI.create(sim.veoBaseUrl() + "/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(200);
        JsonNode jwk = JSON.readTree(jwks.body()).path("keys").path(0);
        String[] jwt = p.headers().get("webhook-signature").split("\\.");
        assertThat(jwt).hasSize(3);
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("kid").asText()).isEqualTo(jwk.path("kid").asText());
        assertThat(verifies(jwk, jwt)).isTrue();
        jwt[1] = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"iss\":\"forged\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(verifies(jwk, jwt)).as("a changed claim set breaks the signature").isFalse();
    }

    @Test
    void a_filtered_operation_sends_no_event_and_vertex_refuses_a_webhook_config() throws Exception {
        String name = create("unsafe [fail]");
        await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.veoBaseUrl() + "/v1beta/" + name))
                .header("x-goog-api-key", KEY).build(), HttpResponse.BodyHandlers.ofString()).body()).path("done").asBoolean());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(received::isEmpty);
        assertThat(stat("webhooksSent")).isZero();

        HttpResponse<String> vertex = post(sim.veoBaseUrl() + "/v1beta1/publishers/google/models/veo-3.1-fast-generate-001:predictLongRunning",
                "{\"instances\":[{\"prompt\":\"x\"}],\"parameters\":{\"aspectRatio\":\"16:9\",\"durationSeconds\":6},\"webhookConfig\":{\"uris\":[\"" + hook() + "\"]}}");
        assertThat(vertex.statusCode()).isEqualTo(400);
        assertThat(vertex.body()).contains("webhookConfig");
    }

    private static boolean verifies(JsonNode jwk, String[] jwt) throws Exception {
        Base64.Decoder d = Base64.getUrlDecoder();
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, d.decode(jwk.path("n").asText())), new BigInteger(1, d.decode(jwk.path("e").asText()))));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        return rsa.verify(d.decode(jwt[2]));
    }
}
