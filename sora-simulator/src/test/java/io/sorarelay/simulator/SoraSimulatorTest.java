package io.sorarelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's protocol over loopback, as an OpenAI client sees it; jobs age by a clock the test steps. */
class SoraSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;

    @AfterEach
    void stop() { if (sim != null) sim.close(); }

    private SoraSimulator start(Duration d) {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("k").duration(d)
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
        return sim;
    }

    private void step(Duration d) { now.addAndGet(d.toMillis()); }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.header("Authorization", "Bearer k").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET());
        return JSON.readTree(r.body());
    }

    private JsonNode stats() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode status(String id, String status) throws Exception {
        JsonNode v = get("/videos/" + id);
        assertThat(v.path("status").asText()).as("%s", v).isEqualTo(status);
        return v;
    }

    @Test
    void a_job_moves_from_queued_through_in_progress_to_completed_with_every_video_field() throws Exception {
        start(Duration.ofMillis(600));
        HttpResponse<String> created = post("/videos", "{\"prompt\":\"a cat\",\"model\":\"sora-2\",\"seconds\":\"4\",\"size\":\"1280x720\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode v = JSON.readTree(created.body());
        assertThat(v.path("object").asText()).isEqualTo("video");
        assertThat(v.path("status").asText()).isEqualTo("queued");
        for (String f : List.of("id", "object", "model", "status", "progress", "prompt", "seconds", "size", "created_at", "completed_at",
                "expires_at", "error", "remixed_from_video_id"))
            assertThat(v.has(f)).as("field %s", f).isTrue();
        String id = v.path("id").asText();
        step(Duration.ofMillis(300));
        HttpResponse<String> running = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + id)).GET());
        assertThat(running.headers().firstValue("openai-poll-after-ms")).hasValue("250");
        assertThat(JSON.readTree(running.body()).path("status").asText()).isEqualTo("in_progress");
        assertThat(JSON.readTree(running.body()).path("progress").asInt()).isEqualTo(50);
        step(Duration.ofMillis(300));
        HttpResponse<String> finished = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + id)).GET());
        assertThat(finished.headers().firstValue("openai-poll-after-ms")).as("no hint once finished").isEmpty();
        JsonNode done = JSON.readTree(finished.body());
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("completed_at").asLong()).isEqualTo(now.get() / 1000);
        assertThat(done.path("expires_at").asLong()).isEqualTo(now.get() / 1000 + 3600);
    }

    @Test
    void a_fail_prompt_fails_with_a_moderation_error_and_remix_needs_a_completed_source() throws Exception {
        start(Duration.ofMillis(200));
        String bad = JSON.readTree(post("/videos", "{\"prompt\":\"please [fail]\"}").body()).path("id").asText();
        step(Duration.ofMillis(200));
        JsonNode failed = status(bad, "failed");
        assertThat(failed.path("error").path("code").asText()).isEqualTo("moderation_blocked");
        assertThat(post("/videos/" + bad + "/remix", "{\"prompt\":\"again\"}").statusCode()).isEqualTo(400);

        String good = JSON.readTree(post("/videos", "{\"prompt\":\"fine\",\"model\":\"sora-2-pro\",\"seconds\":\"12\",\"size\":\"1792x1024\"}").body())
                .path("id").asText();
        assertThat(post("/videos/" + good + "/remix", "{\"prompt\":\"too soon\"}").statusCode()).isEqualTo(400);
        step(Duration.ofMillis(200));
        status(good, "completed");
        assertThat(post("/videos/" + good + "/remix", "{}").statusCode()).as("a remix needs a prompt").isEqualTo(400);
        JsonNode remix = JSON.readTree(post("/videos/" + good + "/remix", "{\"prompt\":\"at night\"}").body());
        assertThat(remix.path("remixed_from_video_id").asText()).isEqualTo(good);
        assertThat(remix.path("prompt").asText()).isEqualTo("at night");
        assertThat(List.of(remix.path("model").asText(), remix.path("seconds").asText(), remix.path("size").asText()))
                .as("the source's settings").containsExactly("sora-2-pro", "12", "1792x1024");
        assertThat(post("/videos/video_nope/remix", "{\"prompt\":\"x\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void the_same_idempotency_key_returns_the_same_job() throws Exception {
        start(Duration.ofSeconds(5));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Content-Type", "application/json")
                .header("Idempotency-Key", "video_1").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"once\"}"));
        String first = JSON.readTree(send(b).body()).path("id").asText();
        String second = JSON.readTree(send(b).body()).path("id").asText();
        assertThat(second).isEqualTo(first);
        JsonNode s = stats();
        assertThat(s.path("creates").asLong()).isEqualTo(2);
        assertThat(s.path("idempotentReplays").asLong()).isEqualTo(1);
        assertThat(s.path("jobs").asLong()).isEqualTo(1);
    }

    /**
     * The create of a relay worker that lost its lease arrives after another worker's create made the job and the
     * job was deleted (the task was cancelled): the key still answers the first job, so no second one is billed.
     */
    @Test
    void an_idempotency_key_replayed_after_its_job_was_deleted_makes_no_second_job() throws Exception {
        start(Duration.ofSeconds(5));
        HttpRequest.Builder create = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Content-Type", "application/json")
                .header("Idempotency-Key", "video_2").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"once\"}"));
        String first = JSON.readTree(send(create).body()).path("id").asText();
        assertThat(send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + first)).DELETE()).statusCode()).isEqualTo(200);

        HttpResponse<String> late = send(create);
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(late.body()).path("id").asText()).isEqualTo(first);
        assertThat(stats().path("jobs").asLong()).as("jobs made").isEqualTo(1);
        assertThat(get("/videos?limit=10").path("data")).as("the deleted job stays deleted").isEmpty();
    }

    /** A create refused before it made a job (here a body that is not JSON, as when a sender is cut off mid-body) is no job. */
    @Test
    void a_create_refused_before_it_made_a_job_counts_as_a_create_but_not_as_a_job() throws Exception {
        start(Duration.ofSeconds(5));
        assertThat(post("/videos", "{\"prompt\":\"cut o").statusCode()).isEqualTo(400);
        JsonNode s = stats();
        assertThat(s.path("creates").asLong()).isEqualTo(1);
        assertThat(s.path("idempotentReplays").asLong()).isZero();
        assertThat(s.path("jobs").asLong()).isZero();
    }

    @Test
    void lists_page_with_after_limit_and_order_and_delete_removes() throws Exception {
        start(Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) { post("/videos", "{\"prompt\":\"p" + i + "\"}"); step(Duration.ofMillis(1)); }
        JsonNode page1 = get("/videos?limit=2&order=asc");
        assertThat(page1.path("object").asText()).isEqualTo("list");
        assertThat(page1.path("data")).hasSize(2);
        assertThat(page1.path("has_more").asBoolean()).isTrue();
        JsonNode page2 = get("/videos?limit=10&order=asc&after=" + page1.path("last_id").asText());
        assertThat(page2.path("data")).hasSize(3);
        assertThat(page2.path("has_more").asBoolean()).isFalse();
        assertThat(page2.path("data").get(0).path("prompt").asText()).isEqualTo("p2");
        String id = page1.path("first_id").asText();
        HttpResponse<String> del = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + id)).DELETE());
        assertThat(JSON.readTree(del.body()).path("deleted").asBoolean()).isTrue();
        assertThat(send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + id)).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void newest_first_pages_visit_every_job_once_and_a_deleted_cursor_still_continues() throws Exception {
        start(Duration.ofSeconds(30));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 250; i++) created.add(JSON.readTree(post("/videos", "{\"prompt\":\"p" + i + "\"}").body()).path("id").asText());
        List<String> seen = new ArrayList<>();
        String after = null;
        JsonNode page;
        do {
            page = get("/videos?limit=100&order=desc" + (after == null ? "" : "&after=" + after));
            page.path("data").forEach(v -> seen.add(v.path("id").asText()));
            after = page.path("last_id").asText();
        } while (page.path("has_more").asBoolean());
        assertThat(seen).hasSize(250).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        assertThat(get("/videos?limit=100&order=desc").path("data").get(0).path("id").asText()).as("newest first").isEqualTo(seen.getFirst());

        String cursor = seen.get(99);
        send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + cursor)).DELETE());
        JsonNode next = get("/videos?limit=100&order=desc&after=" + cursor);
        assertThat(next.path("data").get(0).path("id").asText()).as("the page after a deleted cursor").isEqualTo(seen.get(100));
    }

    @Test
    void content_is_a_real_mp4_with_ranges_and_a_jpeg_thumbnail() throws Exception {
        start(Duration.ofMillis(100));
        String id = JSON.readTree(post("/videos", "{\"prompt\":\"x\"}").body()).path("id").asText();
        HttpResponse<String> early = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + id + "/content")).GET());
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(early.body()).path("error").path("code").asText()).isEqualTo("video_not_ready");
        step(Duration.ofMillis(100));
        HttpResponse<byte[]> full = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + id + "/content"))
                .header("Authorization", "Bearer k").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("video/mp4"));
        assertThat(new String(full.body(), 4, 4)).isEqualTo("ftyp");
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + id + "/content"))
                .header("Authorization", "Bearer k").header("Range", "bytes=10-19").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + full.body().length);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(full.body(), 10, 20));
        HttpResponse<byte[]> thumb = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + id + "/content?variant=thumbnail"))
                .header("Authorization", "Bearer k").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(thumb.body()[0] & 0xff).isEqualTo(0xFF);
        assertThat(thumb.body()[1] & 0xff).isEqualTo(0xD8);
    }

    @Test
    void a_video_can_be_made_long_the_sample_first_then_filler() throws Exception {
        start(Duration.ofMillis(100));
        String id = JSON.readTree(post("/videos", "{\"prompt\":\"x\"}").body()).path("id").asText();
        step(Duration.ofMillis(100));
        HttpRequest.Builder download = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/" + id + "/content"))
                .header("Authorization", "Bearer k");
        byte[] sample = http.send(download.build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"videoBytes\":3000000,\"contentBytesPerSecond\":500000000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<byte[]> large = http.send(download.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(large.statusCode()).isEqualTo(200);
        assertThat(large.headers().firstValue("Content-Length")).hasValue("3000000");
        assertThat(large.body()).hasSize(3_000_000);
        assertThat(java.util.Arrays.copyOf(large.body(), sample.length)).isEqualTo(sample);
        assertThat(http.send(download.build(), HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(large.body());
    }

    @Test
    void a_wrong_key_is_a_401_in_openai_shape() throws Exception {
        start(Duration.ofSeconds(1));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Authorization", "Bearer nope")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void faults_set_at_run_time_are_merged_shown_and_cleared() throws Exception {
        start(Duration.ofSeconds(1));
        URI faults = URI.create("http://127.0.0.1:" + sim.port() + "/_sim/faults");
        http.send(HttpRequest.newBuilder(faults).POST(HttpRequest.BodyPublishers.ofString("{\"http429Rate\":1,\"retryAfterSeconds\":7}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> limited = post("/videos", "{\"prompt\":\"x\"}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        JsonNode shown = JSON.readTree(http.send(HttpRequest.newBuilder(faults).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(shown.path("http429Rate").asDouble()).isEqualTo(1.0);
        http.send(HttpRequest.newBuilder(faults).POST(HttpRequest.BodyPublishers.ofString("{\"http429Rate\":0,\"http5xxRate\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post("/videos", "{\"prompt\":\"x\"}").statusCode()).isBetween(500, 503);
        http.send(HttpRequest.newBuilder(faults).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post("/videos", "{\"prompt\":\"x\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(faults).POST(HttpRequest.BodyPublishers.ofString("{\"nonsense\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void a_reset_fault_drops_the_connection_and_a_hang_never_answers() throws Exception {
        start(Duration.ofSeconds(1));
        sim.faults(Faults.NONE.merge(java.util.Map.of("resetRate", 1)));
        assertThatThrownBy(() -> post("/videos", "{\"prompt\":\"x\"}")).isInstanceOf(java.io.IOException.class);
        sim.faults(Faults.NONE.merge(java.util.Map.of("hangRate", 1)));
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Authorization", "Bearer k")
                .timeout(Duration.ofMillis(500)).GET().build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(stats().path("jobs").asLong()).isZero();
    }

    @Test
    void stats_with_jobs_list_every_job_with_its_polls_and_times() throws Exception {
        start(Duration.ofSeconds(2));
        long createdAt = now.get();
        String id = JSON.readTree(post("/videos", "{\"prompt\":\"x\"}").body()).path("id").asText();
        get("/videos/" + id);
        get("/videos/" + id);
        JsonNode s = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats?jobs=true")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(s.path("retrieves").asLong()).isEqualTo(2);
        JsonNode job = s.path("jobList").get(0);
        assertThat(job.path("id").asText()).isEqualTo(id);
        assertThat(job.path("retrieves").asLong()).isEqualTo(2);
        assertThat(job.path("createdAtMs").asLong()).isEqualTo(createdAt);
        assertThat(job.path("completedAtMs").asLong()).isEqualTo(createdAt + 2_000);
        assertThat(job.path("status").asText()).isEqualTo("queued");
        assertThat(stats().has("jobList")).as("only when asked").isFalse();
    }

    @Test
    void configuration_comes_from_the_environment() {
        SimulatorConfig c = SimulatorConfig.fromEnv(java.util.Map.of("PORT", "0", "SIM_API_KEY", "abc", "SIM_DURATION_MS", "1234",
                "SIM_HTTP5XX_RATE", "0.3", "SIM_MAX_REQUESTS_PER_SECOND", "50"));
        assertThat(c.apiKey()).isEqualTo("abc");
        assertThat(c.duration()).isEqualTo(Duration.ofMillis(1234));
        assertThat(c.faults().http5xxRate()).isEqualTo(0.3);
        assertThat(c.faults().maxRequestsPerSecond()).isEqualTo(50);
        assertThatThrownBy(() -> SimulatorConfig.fromEnv(java.util.Map.of("SIM_HANG_RATE", "lots"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_multipart_create_with_an_input_reference_is_accepted_and_job_fail_rate_fails_jobs() throws Exception {
        start(Duration.ofMillis(100));
        String b = "simboundary42";
        String body = "--" + b + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"ref.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\nJPEGDATA\r\n--" + b + "--\r\n";
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos"))
                .header("Content-Type", "multipart/form-data; boundary=" + b).POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        step(Duration.ofMillis(100));
        assertThat(status(JSON.readTree(created.body()).path("id").asText(), "completed").path("prompt").asText()).isEqualTo("a cat");

        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"jobFailRate\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        String id = JSON.readTree(post("/videos", "{\"prompt\":\"x\"}").body()).path("id").asText();
        step(Duration.ofMillis(100));
        assertThat(status(id, "failed").path("error").isObject()).isTrue();
    }

    @Test
    void stats_count_every_v1_request_and_the_most_in_flight_at_once() throws Exception {
        start(Duration.ofSeconds(5));
        // Latency keeps the requests open together; one of the four is refused (429) and still counts.
        sim.faults(Faults.NONE.merge(java.util.Map.of("latencyMs", 1500)));
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++)
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos/video_missing_" + i)).header("Authorization", "Bearer k")
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()));
        calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Authorization", "Bearer wrong")
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()));
        for (var c : calls) c.join();
        JsonNode s = stats();
        assertThat(s.path("requests").asLong()).isEqualTo(4);
        assertThat(s.path("maxInFlight").asInt()).as("the four overlapped (1.5 s each)").isBetween(2, 4);
        assertThat(s.path("inFlight").asInt()).isZero();
    }
}
