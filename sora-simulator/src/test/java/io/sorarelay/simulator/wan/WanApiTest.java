package io.sorarelay.simulator.wan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The Wan mode's answers over raw HTTP, where the SDK does not reach: headers it always sends, limits, the batch query's filters. */
class WanApiTest {
    private static final String KEY = "key-wan";
    private static final DateTimeFormatter QUERY = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.ofHours(8));
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private SoraSimulator sim;

    @BeforeEach
    void start() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(KEY).duration(Duration.ofSeconds(10))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
    }

    @AfterEach
    void stop() { sim.close(); }

    private HttpResponse<String> create(String body, boolean async) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.wanBaseUrl() + "/services/aigc/video-generation/video-synthesis"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (async) b.header("X-DashScope-Async", "enable");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.wanBaseUrl() + pathAndQuery)).header("Authorization", "Bearer " + KEY).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String t2v(String model, String prompt) {
        return "{\"model\":\"" + model + "\",\"input\":{\"prompt\":\"" + prompt + "\"},\"parameters\":{\"size\":\"1280*720\",\"duration\":5}}";
    }

    @Test
    void a_create_without_the_async_header_is_refused_and_makes_no_task() throws Exception {
        HttpResponse<String> r = create(t2v("wan2.5-t2v-preview", "x"), false);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json.readTree(r.body()).path("code").asText()).isEqualTo("AccessDenied");
        assertThat(json.readTree(r.body()).path("request_id").asText()).isNotBlank();
        assertThat(get("/tasks").path("total").asInt()).isZero();
    }

    @Test
    void per_model_limits_are_enforced_with_dashscope_codes() throws Exception {
        HttpResponse<String> unknown = create(t2v("wan9-t2v", "x"), true);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("code").asText()).isEqualTo("ModelNotFound");
        HttpResponse<String> noImage = create("{\"model\":\"wan2.5-i2v-preview\",\"input\":{\"prompt\":\"x\"}}", true);
        assertThat(noImage.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noImage.body()).path("message").asText()).contains("input.img_url");
        HttpResponse<String> tooLong = create(t2v("wan2.2-t2v-plus", "x".repeat(801)), true);
        assertThat(json.readTree(tooLong.body()).path("code").asText()).isEqualTo("InvalidParameter");
        HttpResponse<String> no720 = create(t2v("wan2.2-t2v-plus", "x"), true);
        assertThat(json.readTree(no720.body()).path("message").asText()).contains("1280*720");
        assertThat(get("/tasks").path("total").asInt()).isZero();
    }

    @Test
    void a_lost_answer_still_makes_the_task() throws Exception {
        HttpResponse<String> r = create(t2v("wan2.5-t2v-preview", "answer lost [lost]"), true);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json.readTree(r.body()).path("code").asText()).isEqualTo("InternalError");
        assertThat(get("/tasks").path("data")).singleElement().satisfies(t -> assertThat(t.path("status").asText()).isEqualTo("PENDING"));
    }

    @Test
    void the_batch_query_filters_by_model_status_and_creation_window_newest_first() throws Exception {
        String first = json.readTree(create(t2v("wan2.5-t2v-preview", "one"), true).body()).path("output").path("task_id").asText();
        now.addAndGet(60_000);
        String second = json.readTree(create(t2v("wan2.5-t2v-preview", "two"), true).body()).path("output").path("task_id").asText();
        create(t2v("wan2.6-t2v", "other model"), true);
        JsonNode byModel = get("/tasks?model_name=wan2.5-t2v-preview&page_size=10");
        assertThat(byModel.path("total").asInt()).isEqualTo(2);
        assertThat(byModel.path("data").get(0).path("task_id").asText()).isEqualTo(second);
        assertThat(byModel.path("data").get(1).path("task_id").asText()).isEqualTo(first);
        String from = QUERY.format(Instant.ofEpochMilli(now.get() - 1000));
        assertThat(get("/tasks?model_name=wan2.5-t2v-preview&start_time=" + from).path("data")).singleElement()
                .satisfies(t -> assertThat(t.path("task_id").asText()).isEqualTo(second));
        assertThat(get("/tasks?status=SUCCEEDED").path("data")).singleElement()
                .satisfies(t -> assertThat(t.path("task_id").asText()).as("only the first has had its 10 s").isEqualTo(first));
        JsonNode page2 = get("/tasks?page_no=2&page_size=2");
        assertThat(page2.path("total").asInt()).isEqualTo(3);
        assertThat(page2.path("total_page").asInt()).isEqualTo(2);
        assertThat(page2.path("data").size()).isEqualTo(1);
    }

    @Test
    void a_video_link_is_refused_once_forged_and_the_task_forgotten_after_a_day() throws Exception {
        String id = json.readTree(create(t2v("wan2.5-t2v-preview", "a link"), true).body()).path("output").path("task_id").asText();
        now.addAndGet(10_000);
        String url = get("/tasks/" + id).path("output").path("video_url").asText();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        String forged = url.replaceAll("Signature=[0-9a-f]+", "Signature=00");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(forged)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
        now.addAndGet(Duration.ofHours(24).toMillis());
        assertThat(get("/tasks/" + id).path("output").path("task_status").asText()).isEqualTo("UNKNOWN");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
    }
}
