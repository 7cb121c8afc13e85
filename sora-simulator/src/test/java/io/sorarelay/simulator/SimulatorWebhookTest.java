package io.sorarelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sorarelay.simulator.engine.WebhookSender;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Finished jobs announced the way OpenAI announced them: signed Standard Webhooks. */
class SimulatorWebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private final HttpClient http = HttpClient.newHttpClient();

    private String create(SoraSimulator sim, String prompt) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Authorization", "Bearer k")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"" + prompt + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("id").asText();
    }

    private JsonNode stats(SoraSimulator sim) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    record Delivery(Map<String, List<String>> headers, byte[] body) {}

    @Test
    void finished_jobs_are_announced_by_signed_standard_webhooks() throws Exception {
        Queue<Delivery> received = new ConcurrentLinkedQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            received.add(new Delivery(ex.getRequestHeaders(), ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("k").duration(Duration.ofMillis(200))
                .webhook("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", SECRET).build())) {
            String ok = create(sim, "fine");
            String bad = create(sim, "please [fail]");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
            List<JsonNode> events = new ArrayList<>();
            for (Delivery d : received) {
                String id = d.headers().get("Webhook-id").getFirst();
                long ts = Long.parseLong(d.headers().get("Webhook-timestamp").getFirst());
                assertThat(d.headers().get("Webhook-signature").getFirst()).isEqualTo("v1," + WebhookSender.sign(SECRET, id, ts, d.body()));
                events.add(JSON.readTree(new String(d.body(), StandardCharsets.UTF_8)));
            }
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("type").asText()).isEqualTo("video.completed");
                assertThat(e.path("data").path("id").asText()).isEqualTo(ok);
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("type").asText()).isEqualTo("video.failed");
                assertThat(e.path("data").path("id").asText()).isEqualTo(bad);
            });
            assertThat(events).hasSize(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> stats(sim).path("webhooksSent").asLong() == 2);
        } finally {
            receiver.stop(0);
        }
    }
}
