package io.sorarelay.simulator.runway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.simulator.Faults;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's Runway mode over loopback, as a Runway client sees it; tasks age by a clock the test steps. */
class RunwayApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T2V = "{\"model\":\"gen4.5\",\"promptText\":\"%s\",\"ratio\":\"1280:720\",\"duration\":5}";
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;

    @AfterEach
    void stop() { if (sim != null) sim.close(); }

    private void start(int dailyLimit) {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_test").duration(Duration.ofSeconds(10))
                .runwayDailyGenerations(dailyLimit).clock(() -> Instant.ofEpochMilli(now.get())).build());
    }

    private void step(Duration d) { now.addAndGet(d.toMillis()); }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(sim.runwayBaseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer key_test").header("X-Runway-Version", "2024-11-06");
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> create(String endpoint, String json) throws Exception {
        return send(request("/v1/" + endpoint).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String createdId(String prompt) throws Exception {
        HttpResponse<String> r = create("text_to_video", T2V.formatted(prompt));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("id").asText();
    }

    private JsonNode task(String id) throws Exception {
        HttpResponse<String> r = send(request("/v1/tasks/" + id).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void a_task_goes_pending_running_succeeded_with_a_fetchable_output_that_expires() throws Exception {
        start(0);
        String id = createdId("a cat on a skateboard");
        assertThat(task(id).path("status").asText()).isEqualTo("PENDING");
        assertThat(task(id).path("estimatedCost").path("credits").asInt()).isEqualTo(60);
        step(Duration.ofSeconds(5));
        JsonNode running = task(id);
        assertThat(running.path("status").asText()).isEqualTo("RUNNING");
        assertThat(running.path("progress").asDouble()).isBetween(0.4, 0.6);
        step(Duration.ofSeconds(5));
        JsonNode done = task(id);
        assertThat(done.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.path("createdAt").asText()).isEqualTo("2027-01-15T08:00:00Z");
        String output = done.path("output").get(0).asText();
        HttpResponse<byte[]> video = http.send(HttpRequest.newBuilder(URI.create(output)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(new String(video.body(), 4, 4)).isEqualTo("ftyp");

        step(OutputLinks.LIFETIME);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(output)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        String fresh = task(id).path("output").get(0).asText();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(fresh)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void throttled_and_moderated_prompts_read_as_runway_says() throws Exception {
        start(0);
        String throttled = createdId("a queue [throttle]");
        String moderated = createdId("something unsafe [fail]");
        String coded = createdId("bad output [fail:INTERNAL.BAD_OUTPUT.CODE01]");
        assertThat(task(throttled).path("status").asText()).isEqualTo("THROTTLED");
        step(Duration.ofSeconds(10));
        JsonNode failed = task(moderated);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("failureCode").asText()).isEqualTo("SAFETY.INPUT.TEXT");
        assertThat(failed.path("failure").asText()).isNotBlank();
        assertThat(failed.path("cost").path("credits").asInt()).isZero();
        assertThat(task(coded).path("failureCode").asText()).isEqualTo("INTERNAL.BAD_OUTPUT.CODE01");
    }

    @Test
    void delete_cancels_a_running_task_and_deletes_a_finished_one() throws Exception {
        start(0);
        String id = createdId("to be cancelled");
        step(Duration.ofSeconds(3));
        assertThat(send(request("/v1/tasks/" + id).DELETE()).statusCode()).isEqualTo(204);
        assertThat(task(id).path("status").asText()).isEqualTo("CANCELLED");
        step(Duration.ofSeconds(10));
        assertThat(task(id).path("status").asText()).as("a cancelled task stays cancelled").isEqualTo("CANCELLED");
        assertThat(send(request("/v1/tasks/" + id).DELETE()).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = send(request("/v1/tasks/" + id).GET());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).path("error").asText()).isNotBlank();
    }

    @Test
    void creates_past_the_daily_limit_answer_429_until_the_next_day() throws Exception {
        start(1);
        createdId("the only one today");
        HttpResponse<String> refused = create("text_to_video", T2V.formatted("one too many"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(refused.body()).path("error").asText()).contains("generations");
        step(Duration.ofDays(1));
        assertThat(create("text_to_video", T2V.formatted("tomorrow")).statusCode()).isEqualTo(200);
        JsonNode stats = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(stats.path("jobs").asInt()).isEqualTo(2);
        assertThat(stats.path("rateLimited").asInt()).isEqualTo(1);
    }

    @Test
    void bad_input_is_a_400_naming_the_field_and_makes_no_task() throws Exception {
        start(0);
        assertThat(create("text_to_video", "{\"model\":\"gen4.5\",\"promptText\":\"x\",\"ratio\":\"1280:720\",\"duration\":11}").body())
                .contains("duration");
        assertThat(create("text_to_video", "{\"model\":\"gen4_turbo\",\"promptText\":\"x\",\"ratio\":\"1280:720\"}").body())
                .contains("model");
        assertThat(create("text_to_video", "{\"model\":\"veo3.1\",\"promptText\":\"x\",\"ratio\":\"1:1\"}").body()).contains("ratio");
        assertThat(create("image_to_video", "{\"model\":\"gen4_turbo\",\"ratio\":\"1280:720\",\"promptImage\":\"http://insecure\"}").body())
                .contains("promptImage");
        HttpResponse<String> ok = create("image_to_video",
                "{\"model\":\"veo3.1\",\"ratio\":\"720:1280\",\"promptImage\":[{\"uri\":\"data:image/png;base64,iVBORw0KGgo=\",\"position\":\"last\"}]}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode stats = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(stats.path("jobs").asInt()).isEqualTo(1);
    }

    @Test
    void a_missing_version_header_or_a_wrong_key_is_refused_in_runways_shape() throws Exception {
        start(0);
        HttpResponse<String> noVersion = send(HttpRequest.newBuilder(URI.create(sim.runwayBaseUrl() + "/v1/tasks/x"))
                .header("Authorization", "Bearer key_test").GET());
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noVersion.body()).path("error").asText()).contains("X-Runway-Version");
        HttpResponse<String> badKey = send(HttpRequest.newBuilder(URI.create(sim.runwayBaseUrl() + "/v1/tasks/x"))
                .header("Authorization", "Bearer key_wrong").header("X-Runway-Version", "2024-11-06").GET());
        assertThat(badKey.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(badKey.body()).path("error").isTextual()).isTrue();
    }

    @Test
    void injected_faults_are_worded_in_runways_shape() throws Exception {
        start(0);
        sim.faults(Faults.NONE.merge(java.util.Map.of("http429Rate", 1.0, "retryAfterSeconds", 7)));
        HttpResponse<String> limited = create("text_to_video", T2V.formatted("x"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(JSON.readTree(limited.body()).path("error").isTextual()).isTrue();
        sim.faults(Faults.NONE.merge(java.util.Map.of("http5xxRate", 1.0)));
        HttpResponse<String> broken = create("text_to_video", T2V.formatted("x"));
        assertThat(broken.statusCode()).isBetween(500, 503);
        assertThat(JSON.readTree(broken.body()).path("error").isTextual()).isTrue();
    }
}
