package io.sorarelay.simulator.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Seedance mode's answers over raw HTTP, where the SDK does not reach: BytePlus ids, expiry, lost answers, callback retries. */
class SeedanceApiTest {
    private static final String KEY = "key-ark";
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private SoraSimulator sim;
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
        if (receiver != null) receiver.stop(0);
    }

    private void start(InstantSource clock, Duration jobs) {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(KEY).duration(jobs).clock(clock).build());
    }

    private void stepped() { start(() -> Instant.ofEpochMilli(now.get()), Duration.ofSeconds(10)); }

    private HttpResponse<String> create(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.seedanceBaseUrl() + "/contents/generations/tasks"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.seedanceBaseUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String t2v(String model, String text, String extra) {
        return "{\"model\":\"" + model + "\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]" + extra + "}";
    }

    @Test
    void a_byteplus_id_is_the_same_model_and_is_echoed_as_sent() throws Exception {
        stepped();
        String id = json.readTree(create(t2v("seedance-1-0-pro-250528", "x", ",\"resolution\":\"480p\"")).body()).path("id").asText();
        JsonNode task = get("/contents/generations/tasks/" + id);
        assertThat(task.path("model").asText()).isEqualTo("seedance-1-0-pro-250528");
        assertThat(task.path("resolution").asText()).isEqualTo("480p");
        assertThat(task.path("ratio").asText()).isEqualTo("16:9");
        assertThat(get("/contents/generations/tasks?filter.model=seedance-1-0-pro-250528").path("total").asInt()).isEqualTo(1);
    }

    @Test
    void a_task_not_finished_within_its_expiry_reads_expired() throws Exception {
        start(() -> Instant.ofEpochMilli(now.get()), Duration.ofHours(2));
        String id = json.readTree(create(t2v("doubao-seedance-1-0-pro-250528", "slow", ",\"execution_expires_after\":3600")).body()).path("id").asText();
        now.addAndGet(Duration.ofMinutes(61).toMillis());
        JsonNode task = get("/contents/generations/tasks/" + id);
        assertThat(task.path("status").asText()).isEqualTo("expired");
        assertThat(task.path("error").path("code").asText()).isNotBlank();
    }

    @Test
    void refusals_name_the_parameter_and_make_no_task() throws Exception {
        stepped();
        HttpResponse<String> fast1080 = create(t2v("doubao-seedance-2-0-fast-260128", "x", ",\"resolution\":\"1080p\""));
        assertThat(fast1080.statusCode()).isEqualTo(400);
        assertThat(json.readTree(fast1080.body()).path("error").path("param").asText()).isEqualTo("resolution");
        assertThat(json.readTree(fast1080.body()).path("error").path("message").asText()).contains("Request ID: ");
        HttpResponse<String> liteImage = create("{\"model\":\"doubao-seedance-1-0-lite-t2v-250428\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}");
        assertThat(liteImage.statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = create(t2v("doubao-seedance-9", "x", ""));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("error").path("code").asText()).isEqualTo("InvalidEndpointOrModel.NotFound");
        assertThat(get("/contents/generations/tasks").path("total").asInt()).isZero();
    }

    @Test
    void a_lost_answer_still_makes_the_task() throws Exception {
        stepped();
        HttpResponse<String> r = create(t2v("doubao-seedance-1-0-pro-250528", "answer lost [lost]", ""));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(get("/contents/generations/tasks").path("items")).singleElement()
                .satisfies(t -> assertThat(t.path("status").asText()).isEqualTo("queued"));
    }

    @Test
    void each_callback_not_acknowledged_is_tried_three_times() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/down", exchange -> {
            posts.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        receiver.start();
        start(InstantSource.system(), Duration.ofMillis(100));
        create(t2v("doubao-seedance-1-0-pro-250528", "nobody listens",
                ",\"callback_url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/down\""));
        // Two callbacks (started, finished), three attempts each.
        await().atMost(Duration.ofSeconds(10)).until(() -> posts.get() >= 6);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> posts.get() == 6);
    }
}
