package io.sorarelay.adapter.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1} under hostile or careless callers: bad credentials, other users' videos, missing scopes, malformed input. */
class OpenAiFrontDoorSecurityTest {
    private static final OpenApiDocument API = OpenApiDocument.load();
    private static HttpFixture f;

    @BeforeAll static void start() { f = HttpFixture.start(); }

    @AfterAll static void stop() { f.close(); }

    private static HttpFixture.Reply checked(String method, String template, HttpFixture.Reply reply) {
        API.assertAnswer(method, template, reply);
        return reply;
    }

    private static HttpFixture.Reply createJson(String token, String json) throws Exception {
        return checked("POST", "/v1/videos", f.post("/v1/videos", token, json));
    }

    @Test
    void an_api_key_works_within_its_scopes() throws Exception {
        String token = f.user();
        HttpFixture.Reply made = f.post("/api/keys", token, "{\"name\":\"reader\",\"scopes\":[\"tasks:read\"]}");
        assertThat(made.status()).as(made.raw().body()).isEqualTo(201);
        String reader = made.data().path("key").asText();
        assertThat(checked("GET", "/v1/videos", f.get("/v1/videos", reader)).status()).isEqualTo(200);
        HttpFixture.Reply write = checked("POST", "/v1/videos", f.post("/v1/videos", reader, "{\"prompt\":\"x\"}"));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.body().path("error").path("code").asText()).isEqualTo("insufficient_scope");
        assertThat(f.get("/api/video/stats", token).data().path("total").asLong()).isZero();
    }

    @Test
    void every_route_refuses_bad_credentials_hides_other_users_videos_and_changes_nothing() throws Exception {
        String owner = f.user(), stranger = f.user();
        String id = createJson(owner, "{\"prompt\":\"private\"}").body().path("id").asText();
        List<String[]> routes = List.of(new String[] {"POST", "/v1/videos", "{\"prompt\":\"x\"}"}, new String[] {"GET", "/v1/videos", null},
                new String[] {"GET", "/v1/videos/" + id, null}, new String[] {"DELETE", "/v1/videos/" + id, null},
                new String[] {"POST", "/v1/videos/" + id + "/remix", "{\"prompt\":\"x\"}"}, new String[] {"GET", "/v1/videos/" + id + "/content", null},
                new String[] {"GET", "/v1/models", null}, new String[] {"GET", "/v1/models/sora-2", null});
        for (String[] r : routes) {
            for (var bad : SecurityMatrixTest.badTokens().entrySet()) {
                HttpFixture.Reply reply = call(r, bad.getValue());
                assertThat(reply.status()).as("%s %s with %s", r[0], r[1], bad.getKey()).isEqualTo(401);
                assertThat(reply.body().path("error").path("code").asText()).isEqualTo("invalid_api_key");
            }
            if (!r[1].contains(id)) continue;
            HttpFixture.Reply other = call(r, stranger);
            assertThat(other.status()).as("%s %s by another user", r[0], r[1]).isEqualTo(404);
            assertThat(other.body().path("error").path("code").asText()).isEqualTo("task_not_found");
        }
        assertThat(f.get("/v1/videos/" + id, owner).body().path("status").asText()).as("nothing changed").isEqualTo("queued");
        assertThat(f.get("/api/video/stats", owner).data().path("total").asLong()).isEqualTo(1);
        assertThat(f.get("/api/video/stats", stranger).data().path("total").asLong()).isZero();
    }

    @Test
    void malformed_input_is_a_4xx_in_openais_shape_never_a_500() throws Exception {
        String token = f.user();
        List<HttpRequest.Builder> bad = List.of(
                f.request("/v1/videos", token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":")),
                f.request("/v1/videos", token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[1]")),
                f.request("/v1/videos", token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\",\"seconds\":4.5}")),
                f.request("/v1/videos", token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\",\"input_reference\":\"a\"}")),
                f.request("/v1/videos", token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\",\"input_reference\":{\"image_url\":\"data:image/png;base64,!!\"}}")),
                f.request("/v1/videos", token).header("Content-Type", "multipart/form-data").POST(HttpRequest.BodyPublishers.ofString("no boundary")),
                f.request("/v1/videos", token).header("Content-Type", "application/json").header("Idempotency-Key", "tab\there")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\"}")),
                f.request("/v1/videos?limit=abc", token).GET(),
                f.request("/v1/videos/" + "v".repeat(10_240), token).GET(),
                f.request("/v1/videos/video_1_unknown/remix", token).header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")));
        for (HttpRequest.Builder b : bad) {
            HttpFixture.Reply r = f.send(b);
            assertThat(r.status()).as(r.raw().request().uri().toString().substring(0, Math.min(80, r.raw().request().uri().toString().length())))
                    .isBetween(400, 499);
            assertThat(r.body().path("error").path("message").asText()).as(r.raw().body()).isNotBlank();
            assertThat(r.body().path("error").path("type").asText()).as(r.raw().body()).isEqualTo("invalid_request_error");
        }
        assertThat(f.get("/api/video/stats", token).data().path("total").asLong()).isZero();
    }

    private static HttpFixture.Reply call(String[] route, String token) throws Exception {
        HttpRequest.Builder b = f.request(route[1], token);
        if (route[2] != null) b.header("Content-Type", "application/json").method(route[0], HttpRequest.BodyPublishers.ofString(route[2]));
        else b.method(route[0], HttpRequest.BodyPublishers.noBody());
        return f.send(b);
    }
}
