package io.sorarelay.simulator.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.simulator.Faults;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's Veo mode over loopback, as a Gemini API client sees it; operations age by a clock the test steps. */
class VeoApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"instances\":[{\"prompt\":\"%s\"}],\"parameters\":{\"aspectRatio\":\"%s\",\"durationSeconds\":%d,\"resolution\":\"%s\"}}";
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;

    @BeforeEach
    void start() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_test").duration(Duration.ofSeconds(10))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
    }

    @AfterEach
    void stop() { sim.close(); }

    private HttpResponse<String> send(String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.veoBaseUrl() + path)).header("x-goog-api-key", key);
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> predict(String model, String body) throws Exception {
        return send("/v1beta/models/" + model + ":predictLongRunning", "key_test", body);
    }

    @Test
    void an_operation_runs_without_done_then_answers_its_sample_in_googles_uri_form() throws Exception {
        HttpResponse<String> created = predict("veo-3.1-generate-001", BODY.formatted("a fox", "16:9", 8, "1080p"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String name = JSON.readTree(created.body()).path("name").asText();
        assertThat(name).matches("models/veo-3\\.1-generate-001/operations/[a-z0-9]+");
        JsonNode running = JSON.readTree(send("/v1beta/" + name, "key_test", null).body());
        assertThat(running.has("done")).isFalse();
        now.addAndGet(10_000);
        JsonNode done = JSON.readTree(send("/v1beta/" + name, "key_test", null).body());
        assertThat(done.path("done").asBoolean()).isTrue();
        String uri = done.path("response").path("generateVideoResponse").path("generatedSamples").path(0).path("video").path("uri").asText();
        assertThat(uri).startsWith("https://generativelanguage.googleapis.com/v1beta/files/").endsWith(":download?alt=media");
        String file = uri.substring(uri.indexOf("files/"), uri.indexOf('?'));
        HttpResponse<String> video = send("/v1beta/" + file + "?alt=media", "key_test", null);
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(video.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("video/mp4"));
    }

    @Test
    void refusals_are_in_googles_error_shape() throws Exception {
        HttpResponse<String> badKey = send("/v1beta/models/veo-3.1-generate-001:predictLongRunning", "key_wrong", BODY.formatted("x", "16:9", 8, "720p"));
        JsonNode error = JSON.readTree(badKey.body()).path("error");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(error.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.path("details").path(0).path("reason").asText()).isEqualTo("API_KEY_INVALID");

        HttpResponse<String> retired = predict("veo-3.0-generate-001", BODY.formatted("x", "16:9", 8, "720p"));
        assertThat(retired.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(retired.body()).path("error").path("status").asText()).isEqualTo("NOT_FOUND");

        HttpResponse<String> shortHd = predict("veo-3.1-generate-001", BODY.formatted("x", "9:16", 4, "4k"));
        assertThat(shortHd.statusCode()).isEqualTo(400);
        assertThat(shortHd.body()).contains("requires durationSeconds 8");

        sim.faults(Faults.NONE.merge(Map.of("http429Rate", 1.0)));
        HttpResponse<String> quota = predict("veo-3.1-generate-001", BODY.formatted("x", "16:9", 8, "720p"));
        assertThat(quota.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(quota.body()).path("error").path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    }

    @Test
    void a_filtered_prompt_finishes_with_the_filter_count_and_no_samples() throws Exception {
        String name = JSON.readTree(predict("veo-3.1-fast-generate-001", BODY.formatted("unsafe [fail]", "16:9", 6, "720p")).body()).path("name").asText();
        now.addAndGet(10_000);
        JsonNode response = JSON.readTree(send("/v1beta/" + name, "key_test", null).body()).path("response").path("generateVideoResponse");
        assertThat(response.path("raiMediaFilteredCount").asInt()).isEqualTo(1);
        assertThat(response.has("generatedSamples")).isFalse();
    }
}
