package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.sora.StandardWebhookVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real answers of every JSON route, successes and errors, checked against the served OpenAPI document. */
class OpenApiConformanceTest {
    private static HttpFixture f;
    private static final OpenApiDocument API = OpenApiDocument.load();

    @BeforeAll static void start() { f = HttpFixture.start(); }

    @AfterAll static void stop() { f.close(); }

    private static HttpFixture.Reply checked(String method, String template, HttpFixture.Reply reply) {
        API.assertAnswer(method, template, reply);
        return reply;
    }

    @Test
    void the_served_document_is_the_checked_in_one() throws Exception {
        HttpFixture.Reply served = checked("GET", "/openapi.json", f.get("/openapi.json", null));
        assertThat(served.body()).isEqualTo(API.doc);
    }

    @Test
    void every_operation_is_named_tagged_and_answers_in_named_schemas() {
        Set<String> ids = new HashSet<>();
        API.doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String where = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            JsonNode operation = op.getValue();
            assertThat(ids.add(operation.path("operationId").asText())).as("%s has a unique operationId", where).isTrue();
            assertThat(operation.path("tags")).as("%s has a tag", where).isNotEmpty();
            List<String> statuses = new ArrayList<>();
            operation.path("responses").fieldNames().forEachRemaining(statuses::add);
            assertThat(statuses).as("%s documents an error", where).anyMatch(s -> s.startsWith("4") || s.startsWith("5"));
            operation.path("responses").forEach(response -> {
                JsonNode json = response.path("content").path("application/json");
                if (!json.isMissingNode())
                    assertThat(json.path("schema").path("$ref").asText()).as("%s answers JSON in a named schema", where).startsWith("#/components/schemas/");
            });
        }));
        assertThat(ids).hasSize(f.server.routes().size());
    }

    @Test
    void auth_models_and_operations_answer_as_documented() throws Exception {
        String creds = "{\"username\":\"conformer\",\"password\":\"password-123\"}";
        checked("POST", "/api/auth/register", f.post("/api/auth/register", null, creds));
        assertThat(checked("POST", "/api/auth/register", f.post("/api/auth/register", null, creds)).code()).isEqualTo("username_taken");
        checked("POST", "/api/auth/register", f.post("/api/auth/register", null, "{\"username\":\"x\"}"));
        checked("POST", "/api/auth/register", f.send(f.request("/api/auth/register", null).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(creds))));
        String token = checked("POST", "/api/auth/login", f.post("/api/auth/login", null, creds)).data().path("token").asText();
        checked("POST", "/api/auth/login", f.post("/api/auth/login", null, "{\"username\":\"conformer\",\"password\":\"wrong-password\"}"));
        checked("POST", "/api/auth/login", f.post("/api/auth/login", null, "{\"username\":"));
        checked("GET", "/api/models", f.get("/api/models", token));
        checked("GET", "/api/models", f.get("/api/models", "not-a-token"));
        checked("POST", "/api/sse/tickets", f.post("/api/sse/tickets", token, "{}"));
        checked("GET", "/api/sse/stats", f.get("/api/sse/stats", token));
        checked("GET", "/api/sse/task-updates", f.get("/api/sse/task-updates?ticket=used-or-unknown", null));
        checked("GET", "/health", f.get("/health", null));
        checked("GET", "/health/live", f.get("/health/live", null));
        checked("GET", "/health/ready", f.get("/health/ready", null));
        checked("POST", "/api/auth/logout", f.post("/api/auth/logout", token, "{}"));
        checked("POST", "/api/auth/logout", f.post("/api/auth/logout", token, "{}"));
        checked("GET", "/api/video/stats", f.get("/api/video/stats", token));
    }

    @Test
    void task_routes_answer_as_documented() throws Exception {
        String token = f.user();
        String body = "{\"prompt\":\"a lighthouse\",\"clientRequestId\":\"conf-1\"}";
        HttpFixture.Reply created = checked("POST", "/api/relay/sora/videos", f.post("/api/relay/sora/videos", token, body));
        assertThat(created.status()).isEqualTo(201);
        assertThat(checked("POST", "/api/relay/sora/videos", f.post("/api/relay/sora/videos", token, body)).status()).isEqualTo(200);
        checked("POST", "/api/relay/sora/videos", f.post("/api/relay/sora/videos", token, "{\"prompt\":\"other\",\"clientRequestId\":\"conf-1\"}"));
        checked("POST", "/api/relay/sora/videos", f.post("/api/relay/sora/videos", token, "{\"prompt\":\"x\",\"model\":\"sora-9\"}"));
        checked("POST", "/api/video/tasks", f.post("/api/video/tasks", token, "{\"prompt\":\"old\",\"duration\":15,\"model\":\"sora_video2\",\"aspectRatio\":\"9:16\"}"));
        String id = created.data().path("videoId").asText();
        checked("GET", "/api/video/tasks/{videoId}", f.get("/api/video/tasks/" + id, token));
        checked("GET", "/api/relay/sora/videos/{videoId}", f.get("/api/relay/sora/videos/" + id, token));
        checked("GET", "/api/video/tasks/{videoId}", f.get("/api/video/tasks/video_1_unknown", token));
        checked("GET", "/api/video/tasks", f.get("/api/video/tasks?limit=1", token));
        checked("GET", "/api/video/tasks", f.get("/api/video/tasks?page=1&pageSize=5&status=queued", token));
        checked("GET", "/api/video/tasks", f.get("/api/video/tasks?limit=101", token));
        checked("GET", "/api/video/stats", f.get("/api/video/stats", token));
        checked("GET", "/api/video/tasks/{videoId}/content", f.send(f.request("/api/video/tasks/" + id + "/content", token)
                .header("Accept", "application/json").GET()));
        checked("POST", "/api/video/tasks/{videoId}/remix", f.post("/api/video/tasks/" + id + "/remix", token, "{\"prompt\":\"again\"}"));
        checked("POST", "/api/video/tasks/{videoId}/retry", f.post("/api/video/tasks/" + id + "/retry", token, "{}"));
        checked("POST", "/api/video/tasks/recover", f.post("/api/video/tasks/recover", token, "{\"clientRequestIds\":[\"conf-1\",\"nope\"]}"));
        checked("POST", "/api/video/tasks/sync", f.post("/api/video/tasks/sync", token,
                "{\"localTasks\":[{\"localId\":\"a\",\"videoId\":\"" + id + "\"},{\"localId\":\"b\",\"videoId\":\"" + id + "\"},{\"localId\":\"c\"}]}"));
        checked("POST", "/api/video/tasks/sync", f.post("/api/video/tasks/sync", token, "{\"localTasks\":{}}"));
        checked("POST", "/api/video/tasks/{videoId}/cancel", f.post("/api/video/tasks/" + id + "/cancel", token, "{}"));
        checked("POST", "/api/video/tasks/{videoId}/cancel", f.post("/api/video/tasks/" + id + "/cancel", token, "{}"));
        HttpFixture.Reply retried = checked("POST", "/api/video/tasks/{videoId}/retry", f.post("/api/video/tasks/" + id + "/retry", token, "{}"));
        assertThat(retried.data().path("retryOf").asText()).isEqualTo(id);
    }

    @Test
    void a_completed_task_its_content_link_remix_and_webhook_answer_as_documented() throws Exception {
        String token = f.user();
        String id = f.create(token, "to remix");
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(60)).until(() -> {
            f.pollDue();
            return f.get("/api/video/tasks/" + id, token).data().path("status").asText();
        }, "COMPLETED"::equals);
        HttpFixture.Reply done = checked("GET", "/api/video/tasks/{videoId}", f.get("/api/video/tasks/" + id, token));
        assertThat(done.data().path("completedAt").isTextual()).isTrue();
        checked("GET", "/api/video/tasks/{videoId}/content", f.send(f.request("/api/video/tasks/" + id + "/content?variant=thumbnail", token)
                .header("Accept", "application/json").GET()));
        checked("GET", "/api/video/tasks/{videoId}/content", f.get("/api/video/tasks/" + id + "/content?variant=poster", token));
        HttpFixture.Reply remix = checked("POST", "/api/video/tasks/{videoId}/remix", f.post("/api/video/tasks/" + id + "/remix", token, "{\"prompt\":\"at night\"}"));
        assertThat(remix.status()).isEqualTo(201);
        assertThat(remix.data().path("remixed_from").asText()).isEqualTo(id);

        byte[] event = "{\"id\":\"evt_c\",\"type\":\"video.completed\",\"data\":{\"id\":\"video_unknown\"}}".getBytes(StandardCharsets.UTF_8);
        long ts = System.currentTimeMillis() / 1000;
        String signature = new StandardWebhookVerifier(HttpFixture.WEBHOOK_SECRET, InstantSource.system()).sign("wh-conf", ts, event);
        HttpRequest.Builder hook = f.request("/api/video/webhook", null).header("Content-Type", "application/json")
                .header("webhook-id", "wh-conf").header("webhook-timestamp", Long.toString(ts));
        checked("POST", "/api/video/webhook", f.send(hook.copy().header("webhook-signature", signature).POST(HttpRequest.BodyPublishers.ofByteArray(event))));
        checked("POST", "/api/video/webhook", f.send(hook.copy().header("webhook-signature", "v1,AAAA").POST(HttpRequest.BodyPublishers.ofByteArray(event))));
    }

    @Test
    void the_reference_page_and_its_files_are_served_by_this_server_under_its_csp() throws Exception {
        HttpResponse<String> page = HttpFixture.HTTP.send(f.request("/docs", null).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(page.body()).as("no inline script or style").doesNotContain("<style").doesNotContainPattern("<script>|style=");
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        int files = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            assertThat(ref).as("served by this server, no CDN").startsWith("/docs/");
            HttpResponse<String> file = HttpFixture.HTTP.send(f.request(ref, null).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(file.statusCode()).as(ref).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).as(ref)
                    .hasValueSatisfying(t -> assertThat(t).startsWith(ref.endsWith(".css") ? "text/css" : "text/javascript"));
            assertThat(file.body()).as(ref).isNotBlank();
            files++;
        }
        assertThat(files).isEqualTo(3);
        HttpFixture.Reply script = f.get("/docs/docs.js", null);
        assertThat(script.raw().body()).contains("'/openapi.json'");
        HttpFixture.Reply missing = checked("GET", "/docs/{asset}", f.get("/docs/index.css", null));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("route_not_found");
        assertThat(f.get("/docs/..%2Fopenapi.json", null).status()).isEqualTo(404);
    }
}
