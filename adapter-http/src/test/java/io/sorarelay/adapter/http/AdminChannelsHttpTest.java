package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.ChannelStorePort.StoredChannel;
import io.sorarelay.domain.admin.AuditEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/admin/channels} on one node over in-memory adapters: a credential goes in and never comes out (only its
 * last four characters), every change is audited without it, bad input is a 400 naming the field with nothing changed,
 * a deleted channel leaves the listings and keeps its id, and a test call reports a class of failure.
 */
class AdminChannelsHttpTest {
    private static final OpenApiDocument API = OpenApiDocument.load();
    private static HttpFixture f;
    private static String admin;

    @BeforeAll static void start() throws Exception {
        f = HttpFixture.start();
        admin = f.admin();
    }

    @AfterAll static void stop() { f.close(); }

    private static String credential() { return "key-" + UUID.randomUUID().toString().replace("-", ""); }

    private static String body(String id, String credential, String extra) {
        return "{\"id\":\"" + id + "\",\"provider\":\"openai-compatible\",\"baseUrl\":\"" + f.sim.baseUrl() + "\",\"credential\":\""
                + credential + "\",\"models\":[\"sora-2\"]" + extra + "}";
    }

    private static HttpFixture.Reply send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = f.request(path, admin).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpFixture.Reply r = f.send(b);
        API.assertAnswer(method, path.replaceFirst("^/api/admin/channels/[^/]+", "/api/admin/channels/{channelId}"), r);
        return r;
    }

    private static List<AuditEntry> auditOf(String target) {
        return f.auditLog.list(new AuditLogPort.Query(Optional.empty(), Optional.of(target), 0, 100));
    }

    @Test
    void a_created_channel_shows_whether_a_credential_is_set_and_its_last_four_characters_only() throws Exception {
        String secret = credential();
        HttpFixture.Reply created = send("POST", "/api/admin/channels", body("created", secret, ",\"priority\":7,\"maxConcurrent\":3"));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        JsonNode c = created.data();
        assertThat(c.path("credential").path("set").asBoolean()).isTrue();
        assertThat(c.path("credential").path("last4").asText()).isEqualTo(secret.substring(secret.length() - 4));
        assertThat(c.path("priority").asInt()).isEqualTo(7);
        assertThat(c.path("weight").asInt()).isEqualTo(1);
        assertThat(c.path("maxConcurrent").asInt()).isEqualTo(3);
        assertThat(c.path("enabled").asBoolean()).isTrue();
        assertThat(c.path("models").path("sora-2").asText()).isEqualTo("sora-2");
        String listed = send("GET", "/api/admin/channels", null).raw().body();
        String read = send("GET", "/api/admin/channels/created", null).raw().body();
        for (String answer : List.of(created.raw().body(), listed, read)) assertThat(answer).doesNotContain(secret);
        assertThat(f.channels.find(new io.sorarelay.domain.ChannelId("created")).orElseThrow().channel().credential().reveal())
                .isEqualTo(secret);
        AuditEntry entry = auditOf("created").getFirst();
        assertThat(entry.action()).isEqualTo("channel.create");
        assertThat(entry.before()).isEqualTo("none");
        assertThat(entry.after()).contains("priority 7").doesNotContain(secret);
    }

    @Test
    void a_change_sets_only_the_fields_sent_and_is_audited_without_the_secret() throws Exception {
        String secret = credential();
        assertThat(send("POST", "/api/admin/channels", body("changed", credential(), "")).status()).isEqualTo(201);
        HttpFixture.Reply r = send("PATCH", "/api/admin/channels/changed", "{\"weight\":4,\"credential\":\"" + secret + "\"}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.data().path("weight").asInt()).isEqualTo(4);
        assertThat(r.data().path("priority").asInt()).isZero();
        assertThat(r.raw().body()).doesNotContain(secret);
        AuditEntry entry = auditOf("changed").getFirst();
        assertThat(entry.action()).isEqualTo("channel.update");
        assertThat(entry.before()).contains("weight 1");
        assertThat(entry.after()).contains("weight 4", "credential replaced").doesNotContain(secret);
        int entries = auditOf("changed").size();
        assertThat(send("PATCH", "/api/admin/channels/changed", "{\"weight\":4}").status()).isEqualTo(200);
        assertThat(auditOf("changed")).as("a change to nothing is not audited").hasSize(entries);
    }

    @Test
    void bad_input_is_a_400_naming_the_field_and_changes_nothing() throws Exception {
        assertThat(send("POST", "/api/admin/channels", body("bad", credential(), "")).status()).isEqualTo(201);
        List<StoredChannel> before = f.channels.list();
        int audited = auditOf("bad").size();
        record Case(String method, String path, String body, String field) {}
        List<Case> cases = List.of(
                new Case("POST", "/api/admin/channels", body("fresh", credential(), "").replace("openai-compatible", "pika"), "provider"),
                new Case("POST", "/api/admin/channels", body("fresh", credential(), "").replace(f.sim.baseUrl(), "ftp://upstream"), "baseUrl"),
                new Case("POST", "/api/admin/channels", body("fresh", credential(), "").replace(f.sim.baseUrl(), "https://u:p@upstream"), "baseUrl"),
                new Case("POST", "/api/admin/channels", body("fresh", credential(), ",\"maxRequestsPerSecond\":-1"), "maxRequestsPerSecond"),
                new Case("POST", "/api/admin/channels", body("fresh", credential(), ",\"maxConcurrent\":0"), "maxConcurrent"),
                new Case("POST", "/api/admin/channels", body("fresh", credential(), ",\"weight\":0"), "weight"),
                new Case("POST", "/api/admin/channels", body("fresh", credential(), ",\"prioirty\":3"), "prioirty"),
                new Case("POST", "/api/admin/channels", body("fresh", credential(), "").replace("[\"sora-2\"]", "[\"no-such-model\"]"), "models"),
                new Case("POST", "/api/admin/channels", body("fresh", "", ""), "credential"),
                new Case("POST", "/api/admin/channels", body("no such id!", credential(), ""), "id"),
                new Case("PATCH", "/api/admin/channels/bad", "{\"maxRequestsPerSecond\":-5}", "maxRequestsPerSecond"),
                new Case("PATCH", "/api/admin/channels/bad", "{\"weight\":\"heavy\"}", "weight"),
                new Case("PATCH", "/api/admin/channels/bad", "{\"id\":\"renamed\"}", "id"),
                new Case("PATCH", "/api/admin/channels/bad", "{\"provider\":\"pika\"}", "provider"));
        for (Case c : cases) {
            HttpFixture.Reply r = send(c.method(), c.path(), c.body());
            assertThat(r.status()).as(c.method() + " " + c.body() + ": " + r.raw().body()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("validation_failed");
            assertThat(r.raw().body()).as(c.body()).contains(c.field());
        }
        assertThat(f.channels.list()).isEqualTo(before);
        assertThat(auditOf("bad")).hasSize(audited);
        assertThat(auditOf("fresh")).isEmpty();
    }

    @Test
    void a_deleted_channel_leaves_the_listings_keeps_its_id_and_stays_stored_for_its_tasks() throws Exception {
        assertThat(send("POST", "/api/admin/channels", body("gone", credential(), "")).status()).isEqualTo(201);
        HttpFixture.Reply deleted = send("DELETE", "/api/admin/channels/gone", null);
        assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(200);
        assertThat(deleted.data().path("deleted").asBoolean()).isTrue();
        assertThat(deleted.data().path("enabled").asBoolean()).isFalse();
        assertThat(send("GET", "/api/admin/channels/gone", null).status()).isEqualTo(404);
        assertThat(send("GET", "/api/admin/channels", null).data().path("channels").findValuesAsText("id")).doesNotContain("gone");
        assertThat(send("POST", "/api/admin/channels/gone/enable", "{}").status()).isEqualTo(404);
        HttpFixture.Reply again = send("POST", "/api/admin/channels", body("gone", credential(), ""));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("channel_exists");
        assertThat(f.channels.find(new io.sorarelay.domain.ChannelId("gone")).orElseThrow().deleted()).isTrue();
        assertThat(auditOf("gone")).extracting(AuditEntry::action).containsExactly("channel.delete", "channel.create");
    }

    @Test
    void disable_and_enable_are_audited_once_each() throws Exception {
        assertThat(send("POST", "/api/admin/channels", body("toggled", credential(), "")).status()).isEqualTo(201);
        assertThat(send("POST", "/api/admin/channels/toggled/disable", "{}").data().path("enabled").asBoolean()).isFalse();
        assertThat(send("POST", "/api/admin/channels/toggled/disable", "{}").status()).isEqualTo(200);
        assertThat(send("POST", "/api/admin/channels/toggled/enable", null).data().path("enabled").asBoolean()).isTrue();
        assertThat(auditOf("toggled")).extracting(AuditEntry::action).containsExactly("channel.enable", "channel.disable", "channel.create");
        assertThat(auditOf("toggled").get(1).after()).contains("disabled");
    }

    @Test
    void a_test_call_reports_ok_or_a_class_of_failure_and_never_the_secret() throws Exception {
        HttpFixture.Reply ok = send("POST", "/api/admin/channels/" + HttpFixture.CHANNEL + "/test", "{}");
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
        assertThat(ok.data().path("ok").asBoolean()).as(ok.raw().body()).isTrue();
        assertThat(ok.data().path("latencyMs").asLong()).isNotNegative();
        assertThat(ok.data().path("error").isNull()).isTrue();

        String wrong = credential();
        assertThat(send("POST", "/api/admin/channels", body("wrong-key", wrong, "")).status()).isEqualTo(201);
        HttpFixture.Reply refused = send("POST", "/api/admin/channels/wrong-key/test", null);
        assertThat(refused.data().path("ok").asBoolean()).isFalse();
        assertThat(refused.data().path("error").asText()).isEqualTo("unauthorized");
        assertThat(refused.raw().body()).doesNotContain(wrong);

        assertThat(send("POST", "/api/admin/channels", body("nobody-home", credential(), "")
                .replace(f.sim.baseUrl(), "http://127.0.0.1:9/v1")).status()).isEqualTo(201);
        HttpFixture.Reply unreachable = send("POST", "/api/admin/channels/nobody-home/test", null);
        assertThat(unreachable.data().path("ok").asBoolean()).isFalse();
        assertThat(unreachable.data().path("error").asText()).isEqualTo("unreachable");
        assertThat(send("POST", "/api/admin/channels/no-such/test", null).status()).isEqualTo(404);
    }
}
