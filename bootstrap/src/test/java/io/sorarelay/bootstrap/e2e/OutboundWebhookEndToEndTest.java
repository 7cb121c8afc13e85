package io.sorarelay.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.adapter.webhooks.OutboundWebhooks;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.PrometheusText;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole relay with outbound webhooks: a user registers a receiver on this machine, a task completes, the receiver gets
 * the signed {@code video.completed} with the task, and the attempt is listed. With private targets refused (production),
 * the same receiver cannot be registered.
 */
class OutboundWebhookEndToEndTest {
    private record Received(Map<String, String> headers, String body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private SoraSimulator sim;
    private HttpServer receiver;

    @BeforeEach
    void start() throws Exception {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-hooks").duration(Duration.ofMillis(300)).build());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            Map<String, String> h = Map.of("webhook-id", exchange.getRequestHeaders().getFirst("webhook-id"),
                    "webhook-timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    "webhook-signature", exchange.getRequestHeaders().getFirst("webhook-signature"));
            received.add(new Received(h, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        sim.close();
    }

    private SoraRelay relay(boolean allowPrivate) {
        OutboundWebhooks outbound = new OutboundWebhooks(allowPrivate, Duration.ofSeconds(5));
        return SoraRelay.builder()
                .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-hooks")))
                .settings(RelayFixture.fastSettings())
                .engine(new SoraRelay.EngineOptions("node-hooks", 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .webhookSender(outbound.sender(), outbound.targetPolicy()).closeOnStop(outbound)
                .http(0, HttpSettings.defaults().withJwtSecret(RelayFixture.JWT_SECRET))
                .build().start();
    }

    private String target() { return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"; }

    @Test
    void a_completed_task_reaches_the_users_receiver_signed_and_the_attempt_is_listed() throws Exception {
        try (SoraRelay relay = relay(true)) {
            String base = "http://127.0.0.1:" + relay.httpPort().orElseThrow();
            ApiClient user = ApiClient.newUser(base);
            ApiClient.Reply made = user.post("/api/webhooks", "{\"url\":\"" + target() + "\"}");
            assertThat(made.status()).as(made.toString()).isEqualTo(201);
            String hook = made.data().path("id").asText();
            String secret = made.data().path("secret").asText();

            String videoId = user.create("a kite over the dunes", "hook-1").data().path("videoId").asText();
            await("the receiver is sent video.completed").atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());

            Received r = received.getFirst();
            JsonNode body = ApiClient.JSON.readTree(r.body());
            assertThat(body.path("type").asText()).isEqualTo("video.completed");
            assertThat(body.path("data").path("videoId").asText()).isEqualTo(videoId);
            assertThat(body.path("data").path("status").asText()).isEqualTo("COMPLETED");
            assertThat(r.headers().get("webhook-id")).isEqualTo("msg_" + videoId + "_completed");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            assertThat(r.headers().get("webhook-signature")).isEqualTo("v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                    (r.headers().get("webhook-id") + "." + r.headers().get("webhook-timestamp") + "." + r.body()).getBytes(StandardCharsets.UTF_8))));

            await("the attempt is listed").atMost(Duration.ofSeconds(10))
                    .until(() -> user.get("/api/webhooks/" + hook + "/deliveries").data().path("deliveries").size() == 1);
            JsonNode attempt = user.get("/api/webhooks/" + hook + "/deliveries").data().path("deliveries").get(0);
            assertThat(attempt.path("statusCode").asInt()).isEqualTo(204);
            assertThat(attempt.path("event").asText()).isEqualTo("video.completed");
            assertThat(attempt.path("nextRetryAt").isNull()).isTrue();
            assertThat(PrometheusText.scrape(base, Optional.empty()).value("relay_webhook_attempts_total", Map.of("outcome", "delivered")))
                    .isEqualTo(1);
        }
    }

    @Test
    void a_receiver_at_127_0_0_1_is_refused_in_production_mode() {
        try (SoraRelay relay = relay(false)) {
            ApiClient user = ApiClient.newUser("http://127.0.0.1:" + relay.httpPort().orElseThrow());
            ApiClient.Reply refused = user.post("/api/webhooks", "{\"url\":\"" + target() + "\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().path("error").path("details").path("field").asText()).isEqualTo("url");
            assertThat(refused.body().path("message").asText()).contains("127.0.0.1").contains("loopback");
            assertThat(user.get("/api/webhooks").data().path("webhooks")).isEmpty();
        }
    }
}
