package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.service.AuthSettings;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.PollPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /v1}: OpenAI's Videos API over the same tasks as {@code /api}, each answer checked against the OpenAPI document.
 * The official SDKs drive it end to end in {@code sdk-tests/}; this pins the shapes and the error paths.
 */
class OpenAiFrontDoorTest {
    /** In this catalogue the portrait relay model is served by a provider that cannot remix. */
    private static final String NO_REMIX = "sora_video2-portrait";
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    private static final OpenApiDocument API = OpenApiDocument.load();
    private static HttpFixture f;

    @BeforeAll static void start() {
        ModelCatalogue base = ModelCatalogue.defaults();
        ModelCatalogue catalogue = base.with(base.find(NO_REMIX).orElseThrow()
                .withCapabilities(new Capabilities(false, Capabilities.Cancel.NONE, Capabilities.Progress.ESTIMATED, true, false, false)));
        RelaySettings settings = new RelaySettings(catalogue, new PollPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5)),
                0, 0, Duration.ofSeconds(60), 64, SweepSettings.off(), AuthSettings.defaults().unlimited());
        f = new HttpFixture(settings, HttpSettings.defaults());
    }

    @AfterAll static void stop() { f.close(); }

    private static HttpFixture.Reply checked(String method, String template, HttpFixture.Reply reply) {
        API.assertAnswer(method, template, reply);
        return reply;
    }

    private static JsonNode completed(String token, String id) {
        return await("video " + id + " completes").atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(60))
                .until(() -> {
                    f.pollDue();
                    return f.get("/v1/videos/" + id, token).body();
                }, v -> v.path("status").asText().equals("completed"));
    }

    private static HttpFixture.Reply createJson(String token, String json) throws Exception {
        return checked("POST", "/v1/videos", f.post("/v1/videos", token, json));
    }

    private static void assertOpenAiError(HttpFixture.Reply r, int status, String param, String code) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
        JsonNode e = r.body().path("error");
        assertThat(e.path("message").asText()).isNotBlank();
        assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.path("param").isNull() ? null : e.path("param").asText()).isEqualTo(param);
        assertThat(e.path("code").asText()).isEqualTo(code);
        assertThat(r.body().has("success")).as("not the /api envelope").isFalse();
    }

    @Test
    void a_video_made_here_is_an_api_task_and_runs_to_a_downloadable_completed_video() throws Exception {
        String token = f.user();
        HttpFixture.Reply created = createJson(token, "{\"model\":\"sora-2\",\"prompt\":\"a paper boat\",\"seconds\":\"8\",\"size\":\"720x1280\"}");
        assertThat(created.status()).isEqualTo(200);
        JsonNode v = created.body();
        String id = v.path("id").asText();
        assertThat(v.path("object").asText()).isEqualTo("video");
        assertThat(v.path("status").asText()).isEqualTo("queued");
        assertThat(v.path("seconds").asText()).isEqualTo("8");
        assertThat(v.path("size").asText()).isEqualTo("720x1280");
        assertThat(v.path("created_at").isIntegralNumber()).isTrue();
        assertThat(f.get("/api/video/tasks/" + id, token).data().path("prompt").asText()).as("the same task on /api").isEqualTo("a paper boat");

        JsonNode done = completed(token, id);
        checked("GET", "/v1/videos/{videoId}", f.get("/v1/videos/" + id, token));
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("completed_at").asLong()).isGreaterThanOrEqualTo(done.path("created_at").asLong());
        assertThat(done.path("error").isNull()).isTrue();
        assertThat(done.path("expires_at").isNull()).as("no results store: the upstream's link expiry is not known").isTrue();

        HttpResponse<byte[]> video = HttpFixture.HTTP.send(f.request("/v1/videos/" + id + "/content", token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(new String(video.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        HttpResponse<byte[]> range = HttpFixture.HTTP.send(f.request("/v1/videos/" + id + "/content", token).header("Range", "bytes=0-9").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).hasSize(10);
        for (String variant : List.of("thumbnail", "spritesheet")) {
            HttpResponse<byte[]> image = HttpFixture.HTTP.send(f.request("/v1/videos/" + id + "/content?variant=" + variant, token).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(image.statusCode()).as(variant).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).as(variant).hasValue("image/jpeg");
        }
        assertOpenAiError(checked("GET", "/v1/videos/{videoId}/content", f.get("/v1/videos/" + id + "/content?variant=poster", token)),
                400, "variant", "validation_failed");

        HttpFixture.Reply remix = checked("POST", "/v1/videos/{videoId}/remix", f.post("/v1/videos/" + id + "/remix", token, "{\"prompt\":\"at night\"}"));
        assertThat(remix.status()).isEqualTo(200);
        assertThat(remix.body().path("remixed_from_video_id").asText()).isEqualTo(id);
        assertThat(remix.body().path("model").asText()).isEqualTo("sora-2");
    }

    @Test
    void multipart_and_data_url_references_and_idempotency_keys_work_as_openai_clients_send_them() throws Exception {
        String token = f.user();
        String boundary = "b0undary";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nfrom an image\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"seconds\"\r\n\r\n4\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n";
        byte[] head8 = head.getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head8.length + PNG.length + tail.length];
        System.arraycopy(head8, 0, body, 0, head8.length);
        System.arraycopy(PNG, 0, body, head8.length, PNG.length);
        System.arraycopy(tail, 0, body, head8.length + PNG.length, tail.length);
        HttpFixture.Reply multipart = checked("POST", "/v1/videos", f.send(f.request("/v1/videos", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body))));
        assertThat(multipart.status()).as(multipart.raw().body()).isEqualTo(200);
        assertThat(multipart.body().path("seconds").asText()).isEqualTo("4");

        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);
        HttpRequest.Builder keyed = f.request("/v1/videos", token).header("Content-Type", "application/json").header("Idempotency-Key", "oa-1");
        String json = "{\"prompt\":\"keyed\",\"input_reference\":{\"image_url\":\"" + dataUrl + "\"}}";
        HttpFixture.Reply first = checked("POST", "/v1/videos", f.send(keyed.copy().POST(HttpRequest.BodyPublishers.ofString(json))));
        HttpFixture.Reply again = checked("POST", "/v1/videos", f.send(keyed.copy().POST(HttpRequest.BodyPublishers.ofString(json))));
        assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
        assertThat(first.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(again.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        HttpFixture.Reply reused = checked("POST", "/v1/videos", f.send(keyed.copy().POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"other\"}"))));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body().path("error").path("code").asText()).isEqualTo("idempotency_key_reused");

        assertOpenAiError(createJson(token, "{\"prompt\":\"x\",\"input_reference\":{\"image_url\":\"https://example.com/a.png\"}}"),
                400, "input_reference", "validation_failed");
        assertOpenAiError(createJson(token, "{\"prompt\":\"x\",\"input_reference\":{\"file_id\":\"file_1\"}}"), 400, "input_reference", "validation_failed");
        assertThat(f.get("/api/video/stats", token).data().path("total").asLong()).as("refused creates made nothing").isEqualTo(2);
    }

    @Test
    void lists_page_by_after_in_either_order_with_first_and_last_ids() throws Exception {
        String token = f.user();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(createJson(token, "{\"prompt\":\"n" + i + "\"}").body().path("id").asText());
        HttpFixture.Reply page1 = checked("GET", "/v1/videos", f.get("/v1/videos?limit=2", token));
        assertThat(page1.body().path("object").asText()).isEqualTo("list");
        assertThat(page1.body().path("data").findValuesAsText("id")).containsExactly(ids.get(2), ids.get(1));
        assertThat(page1.body().path("first_id").asText()).isEqualTo(ids.get(2));
        assertThat(page1.body().path("last_id").asText()).isEqualTo(ids.get(1));
        assertThat(page1.body().path("has_more").asBoolean()).isTrue();
        HttpFixture.Reply page2 = checked("GET", "/v1/videos", f.get("/v1/videos?limit=2&after=" + ids.get(1), token));
        assertThat(page2.body().path("data").findValuesAsText("id")).containsExactly(ids.get(0));
        assertThat(page2.body().path("has_more").asBoolean()).isFalse();
        HttpFixture.Reply asc = checked("GET", "/v1/videos", f.get("/v1/videos?order=asc&after=" + ids.get(0), token));
        assertThat(asc.body().path("data").findValuesAsText("id")).containsExactly(ids.get(1), ids.get(2));

        assertOpenAiError(checked("GET", "/v1/videos", f.get("/v1/videos?after=video_1_unknown", token)), 400, "after", "validation_failed");
        assertOpenAiError(checked("GET", "/v1/videos", f.get("/v1/videos?after=" + f.create(f.user(), "someone else's"), token)),
                400, "after", "validation_failed");
        assertOpenAiError(checked("GET", "/v1/videos", f.get("/v1/videos?limit=101", token)), 400, "limit", "validation_failed");
        assertOpenAiError(checked("GET", "/v1/videos", f.get("/v1/videos?order=sideways", token)), 400, "order", "validation_failed");
    }

    @Test
    void delete_cancels_an_unfinished_video_and_keeps_a_finished_one() throws Exception {
        String token = f.user();
        String running = createJson(token, "{\"prompt\":\"to stop\"}").body().path("id").asText();
        HttpFixture.Reply deleted = checked("DELETE", "/v1/videos/{videoId}", f.send(f.request("/v1/videos/" + running, token).DELETE()));
        assertThat(deleted.body().path("id").asText()).isEqualTo(running);
        assertThat(deleted.body().path("object").asText()).isEqualTo("video.deleted");
        assertThat(deleted.body().path("deleted").asBoolean()).isTrue();
        JsonNode cancelled = f.get("/v1/videos/" + running, token).body();
        assertThat(cancelled.path("status").asText()).isEqualTo("failed");
        assertThat(cancelled.path("error").path("code").asText()).isEqualTo("cancelled");
        assertThat(f.get("/api/video/tasks/" + running, token).data().path("status").asText()).isEqualTo("CANCELLED");

        String finished = createJson(token, "{\"prompt\":\"to keep\"}").body().path("id").asText();
        completed(token, finished);
        assertThat(f.send(f.request("/v1/videos/" + finished, token).DELETE()).body().path("deleted").asBoolean()).isTrue();
        assertThat(f.get("/v1/videos/" + finished, token).body().path("status").asText()).isEqualTo("completed");
        assertOpenAiError(checked("DELETE", "/v1/videos/{videoId}", f.send(f.request("/v1/videos/video_1_unknown", token).DELETE())),
                404, null, "task_not_found");
    }

    @Test
    void remix_that_cannot_be_made_is_a_400_never_a_409_or_500() throws Exception {
        String token = f.user();
        String queued = createJson(token, "{\"prompt\":\"not yet\"}").body().path("id").asText();
        assertOpenAiError(checked("POST", "/v1/videos/{videoId}/remix", f.post("/v1/videos/" + queued + "/remix", token, "{\"prompt\":\"x\"}")),
                400, null, "original_not_remixable");
        String portrait = createJson(token, "{\"prompt\":\"tall\",\"model\":\"" + NO_REMIX + "\"}").body().path("id").asText();
        completed(token, portrait);
        assertOpenAiError(checked("POST", "/v1/videos/{videoId}/remix", f.post("/v1/videos/" + portrait + "/remix", token, "{\"prompt\":\"x\"}")),
                400, "model", "validation_failed");
        assertOpenAiError(checked("POST", "/v1/videos/{videoId}/remix", f.post("/v1/videos/" + portrait + "/remix", token, "{}")),
                400, "prompt", "validation_failed");
        assertThat(f.get("/api/video/stats", token).data().path("total").asLong()).as("no remix task was made").isEqualTo(2);
    }

    @Test
    void credentials_models_and_unknown_ids_answer_in_openai_shapes() throws Exception {
        String token = f.user();
        HttpFixture.Reply models = checked("GET", "/v1/models", f.get("/v1/models", token));
        assertThat(models.body().path("data").findValuesAsText("id")).contains("sora-2", "sora-2-pro", NO_REMIX);
        assertThat(models.body().path("data").get(0).path("object").asText()).isEqualTo("model");
        HttpFixture.Reply one = checked("GET", "/v1/models/{model}", f.get("/v1/models/sora-2-pro", token));
        assertThat(one.body().path("id").asText()).isEqualTo("sora-2-pro");
        assertThat(one.body().path("owned_by").asText()).isEqualTo("default");
        HttpFixture.Reply none = checked("GET", "/v1/models/{model}", f.get("/v1/models/sora-9", token));
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body().path("error").path("code").asText()).isEqualTo("model_not_found");

        HttpFixture.Reply noKey = checked("GET", "/v1/models", f.get("/v1/models", "srk_" + "wrong"));
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.body().path("error").path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(checked("POST", "/v1/videos", f.post("/v1/videos", null, "{\"prompt\":\"x\"}")).status()).isEqualTo(401);
        assertOpenAiError(checked("GET", "/v1/videos/{videoId}", f.get("/v1/videos/video_1_unknown", token)), 404, null, "task_not_found");
        assertOpenAiError(checked("GET", "/v1/videos/{videoId}", f.get("/v1/videos/" + f.create(f.user(), "not yours"), token)),
                404, null, "task_not_found");
        assertOpenAiError(createJson(token, "{\"prompt\":\"x\",\"model\":\"sora-9\"}"), 400, "model", "validation_failed");
        assertOpenAiError(createJson(token, "{\"prompt\":\"x\",\"seconds\":\"5\"}"), 400, "seconds", "validation_failed");
        assertOpenAiError(createJson(token, "{\"model\":\"sora-2\"}"), 400, "prompt", "validation_failed");
        HttpFixture.Reply text = checked("POST", "/v1/videos", f.send(f.request("/v1/videos", token).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("a prompt"))));
        assertThat(text.status()).isEqualTo(415);
        assertThat(f.get("/v1/nothing-here", token).body().path("error").path("code").asText()).isEqualTo("route_not_found");
    }
}
