package io.sorarelay.adapter.http;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.domain.PollPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every task route × every kind of bad credential answers 401 (or 404 for another user's token) and
 * changes nothing; malformed input of every kind is a 4xx in the envelope, never a 500.
 */
class SecurityMatrixTest {
    private static HttpFixture f;
    private static String owner;
    private static String stranger;
    private static String videoId;

    @BeforeAll
    static void start() throws Exception {
        f = new HttpFixture(RelaySettings.defaults().withLimits(3, 0)
                .withPollPolicy(new PollPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5))), HttpSettings.defaults());
        owner = f.user();
        stranger = f.user();
        videoId = f.create(owner, "private");
    }

    @AfterAll
    static void stop() { f.close(); }

    record Route(String method, String path, String body) {}

    static List<Route> taskRoutes() {
        return List.of(
                new Route("POST", "/api/relay/sora/videos", "{\"prompt\":\"x\"}"),
                new Route("GET", "/api/relay/sora/videos/" + videoId, null),
                new Route("POST", "/api/video/tasks", "{\"prompt\":\"x\"}"),
                new Route("GET", "/api/video/tasks", null),
                new Route("GET", "/api/video/stats", null),
                new Route("GET", "/api/models", null),
                new Route("POST", "/api/video/tasks/recover", "{\"clientRequestIds\":[\"a\"]}"),
                new Route("POST", "/api/video/tasks/sync", "{\"localTasks\":[]}"),
                new Route("GET", "/api/video/tasks/" + videoId, null),
                new Route("POST", "/api/video/tasks/" + videoId + "/remix", "{\"prompt\":\"x\"}"),
                new Route("POST", "/api/video/tasks/" + videoId + "/cancel", "{}"),
                new Route("POST", "/api/video/tasks/" + videoId + "/retry", "{}"),
                new Route("GET", "/api/video/tasks/" + videoId + "/content", null),
                new Route("POST", "/api/sse/tickets", "{}"),
                new Route("GET", "/api/sse/task-updates", null),
                new Route("GET", "/api/sse/stats", null));
    }

    static Map<String, String> badTokens() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("expired", JWT.create().withIssuer(JwtTokens.ISSUER).withSubject("usr_x").withExpiresAt(Instant.now().minusSeconds(60))
                .sign(Algorithm.HMAC256(HttpFixture.SECRET)));
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"iss\":\"sora-relay\",\"sub\":\"usr_x\",\"exp\":"
                + (Instant.now().getEpochSecond() + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        tokens.put("alg none", header + "." + claims + ".");
        tokens.put("wrong key", JWT.create().withIssuer(JwtTokens.ISSUER).withSubject("usr_x").withExpiresAt(Instant.now().plusSeconds(3600))
                .sign(Algorithm.HMAC256("another-secret-another-secret-another-secret")));
        tokens.put("no exp", JWT.create().withIssuer(JwtTokens.ISSUER).withSubject("usr_x").sign(Algorithm.HMAC256(HttpFixture.SECRET)));
        tokens.put("garbage", "not.a.jwt");
        tokens.put("unknown API key", "srk_" + "0123456789abcdefghijABCDEFGHIJ0123456789");
        tokens.put("malformed API key", "srk_short");
        return tokens;
    }

    private static HttpFixture.Reply call(Route r, String token) throws Exception {
        HttpRequest.Builder b = f.request(r.path(), token);
        if (r.body() != null) b.header("Content-Type", "application/json").method(r.method(), HttpRequest.BodyPublishers.ofString(r.body()));
        else b.method(r.method(), HttpRequest.BodyPublishers.noBody());
        return f.send(b);
    }

    private static String ownerView() throws Exception {
        HttpFixture.Reply list = f.get("/api/video/tasks?limit=100", owner);
        return list.data().path("tasks").toString();
    }

    @Test
    void every_task_route_refuses_bad_credentials_and_changes_nothing() throws Exception {
        String before = ownerView();
        for (Route r : taskRoutes()) {
            for (Map.Entry<String, String> t : badTokens().entrySet()) {
                HttpFixture.Reply reply = call(r, t.getValue());
                assertThat(reply.status()).as("%s %s with %s", r.method(), r.path(), t.getKey()).isEqualTo(401);
                assertThat(reply.body().path("success").asBoolean(true)).isFalse();
            }
        }
        assertThat(ownerView()).isEqualTo(before);
        assertThat(f.get("/api/video/tasks", stranger).data().path("tasks")).isEmpty();
    }

    @Test
    void another_users_token_sees_a_404_on_every_route_of_the_task() throws Exception {
        String before = ownerView();
        for (Route r : taskRoutes()) {
            if (!r.path().contains(videoId)) continue;
            HttpFixture.Reply reply = call(r, stranger);
            assertThat(reply.status()).as("%s %s", r.method(), r.path()).isEqualTo(404);
            assertThat(reply.code()).isEqualTo("task_not_found");
        }
        assertThat(ownerView()).isEqualTo(before);
    }

    @Test
    void malformed_input_is_a_4xx_in_the_envelope_never_a_500() throws Exception {
        String longId = "v".repeat(10_240);
        List<HttpRequest.Builder> bad = List.of(
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":")),
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[1,2]")),
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a\",\"prompt\":\"b\"}")),
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":42}")),
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("prompt=x")),
                f.request("/api/video/tasks/recover", owner).header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofString("<x/>")),
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})),
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "multipart/form-data; boundary=zzz")
                        .POST(HttpRequest.BodyPublishers.ofString("--zzz\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nunterminated")),
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "multipart/form-data")
                        .POST(HttpRequest.BodyPublishers.ofString("no boundary at all")),
                // An oversized body is refused from its headers; a careful client asks first (100-continue), else the
                // server's early 413 can race the upload and reach the client as a reset.
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "application/json").expectContinue(true)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"" + "x".repeat(2 << 20) + "\"}")),
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\",\"clientRequestId\":\"" + longId + "\"}")),
                f.request("/api/relay/sora/videos", owner).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\",\"clientRequestId\":\"tab\\there\"}")),
                f.request("/api/video/tasks/" + longId, owner).GET(),
                f.request("/api/video/tasks/" + videoId + "/content?variant=poster", owner).GET(),
                f.request("/api/video/tasks?limit=abc", owner).GET(),
                f.request("/api/video/tasks?page=0", owner).GET(),
                f.request("/api/video/tasks/recover", owner).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"clientRequestIds\":\"not-a-list\"}")),
                f.request("/api/video/tasks/recover", owner).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"clientRequestIds\":[" + "\"a\",".repeat(100) + "\"b\"]}")),
                f.request("/api/video/tasks/sync", owner).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"localTasks\":[{\"videoId\":\"x\"}]}")),
                f.request("/api/auth/login", null).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"no spaces allowed\",\"password\":\"12345678\"}")),
                f.request("/api/sse/task-updates", owner).header("Last-Event-ID", "abc").GET());
        String before = ownerView();
        for (int i = 0; i < bad.size(); i++) {
            HttpFixture.Reply r;
            try {
                r = f.send(bad.get(i));
            } catch (java.io.IOException e) {
                throw new AssertionError("malformed request #" + i + " got no answer: " + e, e);
            }
            assertThat(r.status()).as("%s %s", r.raw().request().method(), r.raw().request().uri().toString().substring(0, Math.min(90,
                    r.raw().request().uri().toString().length()))).isBetween(400, 499);
            assertThat(r.body().path("success").asBoolean(true)).as(r.raw().body()).isFalse();
            assertThat(r.body().path("code").asText()).isNotBlank();
        }
        assertThat(ownerView()).isEqualTo(before);
    }

    @Test
    void the_create_rate_answers_429_with_retry_after_and_replays_do_not_count() throws Exception {
        String user = f.user();
        for (int i = 0; i < 3; i++) {
            assertThat(f.post("/api/relay/sora/videos", user, "{\"prompt\":\"n" + i + "\",\"clientRequestId\":\"r" + i + "\"}").status()).isEqualTo(201);
        }
        assertThat(f.post("/api/relay/sora/videos", user, "{\"prompt\":\"n0\",\"clientRequestId\":\"r0\"}").status()).as("a replay").isEqualTo(200);
        HttpFixture.Reply limited = f.post("/api/relay/sora/videos", user, "{\"prompt\":\"n9\",\"clientRequestId\":\"r9\"}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(f.get("/api/video/stats", user).data().path("total").asInt()).isEqualTo(3);
    }
}
