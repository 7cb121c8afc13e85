package io.sorarelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorWebhookAndDurationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private final HttpClient http = HttpClient.newHttpClient();

    private String create(SoraSimulator sim, String prompt) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Authorization", "Bearer k")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"" + prompt + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("id").asText();
    }

    record Delivery(Map<String, List<String>> headers, byte[] body) {}

    @Test
    void finished_jobs_are_announced_by_signed_standard_webhooks() throws Exception {
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
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
            List<JsonNode> events = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Delivery d = received.poll(10, TimeUnit.SECONDS);
                assertThat(d).as("a webhook arrived").isNotNull();
                String id = d.headers().get("Webhook-id").getFirst();
                long ts = Long.parseLong(d.headers().get("Webhook-timestamp").getFirst());
                assertThat(d.headers().get("Webhook-signature").getFirst()).isEqualTo("v1," + SoraSimulator.sign(SECRET, id, ts, d.body()));
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
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void log_normal_durations_spread_around_the_median() throws Exception {
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("k").seed(42)
                .logNormalDuration(Duration.ofSeconds(60), 0.5).build())) {
            for (int i = 0; i < 300; i++) create(sim, "job " + i);
            JsonNode stats = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats?jobs=true")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            List<Long> durations = new ArrayList<>();
            stats.path("jobList").forEach(j -> durations.add(j.path("completedAtMs").asLong() - j.path("createdAtMs").asLong()));
            durations.sort(Long::compare);
            assertThat(durations).hasSize(300);
            long median = durations.get(150);
            assertThat(median).isBetween(45_000L, 80_000L);
            assertThat(durations.getLast()).as("a long tail").isGreaterThan(2 * median);
            assertThat(durations.getFirst()).isLessThan(median / 2 + median / 4);
        }
    }
}
