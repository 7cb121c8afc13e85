package io.sorarelay.adapter.http;

import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.apikey.ApiKeySecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every admin route × (anonymous, user, an admin's API key, disabled admin, admin) → 401 / 403 / 403 / 401 / 2xx; after
 * every refusal the target account, the target task, the credits and the audit log are as they were. No answer holds
 * a password hash, a key's secret or hash, or the upstream's key; each matches the OpenAPI document.
 */
class AdminAccessMatrixTest {
    private static final OpenApiDocument API = OpenApiDocument.load();
    private static HttpFixture f;
    private static String admin;
    private static String user;
    private static String adminKey;
    private static String disabledAdmin;
    private static UserId target;
    private static String videoId;

    /** The new channel's credential, made at run time: it must appear in no answer. */
    private static final String NEW_CREDENTIAL = "matrix-" + java.util.UUID.randomUUID();

    record Route(String method, String template, String path, String body) {}

    @BeforeAll
    static void start() throws Exception {
        f = HttpFixture.start();
        admin = f.admin();
        user = f.user();
        adminKey = f.post("/api/keys", admin, "{\"name\":\"admin's script\"}").data().path("key").asText();
        disabledAdmin = f.admin();
        String targetToken = f.user();
        target = HttpFixture.idOf(targetToken);
        videoId = f.create(targetToken, "the target's task");
        assertThat(f.post("/api/admin/users/" + HttpFixture.idOf(disabledAdmin) + "/disable", admin, "{}").status()).isEqualTo(200);
    }

    @AfterAll static void stop() { f.close(); }

    private static List<Route> routes() {
        String window = "from=" + Instant.now().minusSeconds(3600) + "&to=" + Instant.now().plusSeconds(3600);
        return List.of(
                new Route("GET", "/api/admin/users", "/api/admin/users?q=u", null),
                new Route("POST", "/api/admin/users/{userId}/role", "/api/admin/users/" + target + "/role", "{\"role\":\"admin\"}"),
                new Route("POST", "/api/admin/users/{userId}/disable", "/api/admin/users/" + target + "/disable", "{}"),
                new Route("POST", "/api/admin/users/{userId}/enable", "/api/admin/users/" + target + "/enable", "{}"),
                new Route("POST", "/api/admin/users/{userId}/credits", "/api/admin/users/" + target + "/credits",
                        "{\"amount\":25,\"reason\":\"matrix\"}"),
                new Route("GET", "/api/admin/tasks", "/api/admin/tasks?status=QUEUED", null),
                new Route("POST", "/api/admin/tasks/{videoId}/fail", "/api/admin/tasks/" + videoId + "/fail", "{\"reason\":\"matrix\"}"),
                new Route("GET", "/api/admin/usage", "/api/admin/usage?" + window + "&groupBy=user", null),
                new Route("GET", "/api/admin/audit", "/api/admin/audit", null),
                new Route("GET", "/api/admin/channels", "/api/admin/channels", null),
                new Route("POST", "/api/admin/channels", "/api/admin/channels", "{\"id\":\"matrix\",\"provider\":\"openai-compatible\","
                        + "\"baseUrl\":\"http://127.0.0.1:9/v1\",\"credential\":\"" + NEW_CREDENTIAL + "\",\"models\":[\"sora-2\"]}"),
                new Route("GET", "/api/admin/channels/{channelId}", "/api/admin/channels/" + HttpFixture.CHANNEL, null),
                new Route("PATCH", "/api/admin/channels/{channelId}", "/api/admin/channels/" + HttpFixture.CHANNEL, "{\"priority\":5}"),
                new Route("POST", "/api/admin/channels/{channelId}/disable", "/api/admin/channels/" + HttpFixture.CHANNEL + "/disable", "{}"),
                new Route("POST", "/api/admin/channels/{channelId}/enable", "/api/admin/channels/" + HttpFixture.CHANNEL + "/enable", "{}"),
                new Route("POST", "/api/admin/channels/{channelId}/test", "/api/admin/channels/" + HttpFixture.CHANNEL + "/test", "{}"),
                new Route("DELETE", "/api/admin/channels/{channelId}", "/api/admin/channels/matrix", null));
    }

    private static HttpFixture.Reply call(Route r, String credential) throws Exception {
        HttpRequest.Builder b = f.request(r.path(), credential);
        if (r.body() == null) b.method(r.method(), HttpRequest.BodyPublishers.noBody());
        else b.header("Content-Type", "application/json").method(r.method(), HttpRequest.BodyPublishers.ofString(r.body()));
        HttpFixture.Reply reply = f.send(b);
        API.assertAnswer(r.method(), r.template(), reply);
        return reply;
    }

    /** What any admin route could change. */
    private record Snapshot(UserAccount target, String taskStatus, Map<UserId, Long> credits, int auditEntries,
                            List<io.sorarelay.application.port.out.ChannelStorePort.StoredChannel> channels) {}

    private static Snapshot snapshot() {
        return new Snapshot(f.memory.userAccounts().findById(target).orElseThrow(),
                f.memory.videoTasks().findById(VideoId.parse(videoId).orElseThrow()).orElseThrow().status().name(),
                Map.copyOf(f.credits.balances),
                f.auditLog.list(new AuditLogPort.Query(Optional.empty(), Optional.empty(), 0, 1000)).size(), f.channels.list());
    }

    @Test
    void the_matrix_covers_every_admin_route_the_server_has() {
        List<String> served = f.server.routes().stream().filter(r -> r.contains(" /api/admin")).toList();
        assertThat(routes()).extracting(r -> r.method() + " " + r.template()).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void refused_callers_get_401_or_403_and_change_nothing_then_an_admin_gets_2xx() throws Exception {
        Snapshot before = snapshot();
        List<String> answers = new ArrayList<>();
        for (Route r : routes()) {
            String where = r.method() + " " + r.path();
            HttpFixture.Reply anonymous = call(r, null);
            assertThat(anonymous.status()).as("anonymous " + where).isEqualTo(401);
            assertThat(anonymous.code()).isEqualTo("unauthorized");
            HttpFixture.Reply plain = call(r, user);
            assertThat(plain.status()).as("user " + where).isEqualTo(403);
            assertThat(plain.code()).isEqualTo("forbidden");
            HttpFixture.Reply key = call(r, adminKey);
            assertThat(key.status()).as("an admin's API key " + where).isEqualTo(403);
            assertThat(key.code()).isEqualTo("forbidden");
            HttpFixture.Reply disabled = call(r, disabledAdmin);
            assertThat(disabled.status()).as("disabled admin " + where).isEqualTo(401);
            assertThat(snapshot()).as("after the refusals of " + where).isEqualTo(before);
        }
        for (Route r : routes()) {
            HttpFixture.Reply ok = call(r, admin);
            assertThat(ok.status()).as("admin " + r.method() + " " + r.path() + ": " + ok.raw().body()).isBetween(200, 299);
            answers.add(ok.raw().body());
        }
        Snapshot after = snapshot();
        assertThat(after.target().admin()).isTrue();
        assertThat(after.target().disabled()).isFalse();
        assertThat(after.taskStatus()).isEqualTo("FAILED");
        assertThat(after.credits()).containsEntry(target, 25L);
        // The channel routes: create, change, disable, enable and delete are audited; the reads and the test are not.
        assertThat(after.auditEntries()).isEqualTo(before.auditEntries() + 10);
        assertThat(after.channels()).extracting(c -> c.id().value() + " " + c.deleted() + " " + c.channel().priority())
                .containsExactly("matrix true 0", "sim false 5");

        List<String> secrets = new ArrayList<>(List.of("$argon2", "sk-http", NEW_CREDENTIAL, adminKey, ApiKeySecret.presented(adminKey).hash()));
        for (String token : List.of(admin, user, disabledAdmin))
            secrets.add(f.memory.userAccounts().findById(HttpFixture.idOf(token)).orElseThrow().passwordHash());
        for (String body : answers) for (String secret : secrets) assertThat(body).doesNotContain(secret);
    }
}
