package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.domain.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/keys} and keys as bearer credentials, on one node over in-memory adapters and a clock the test moves. */
class ApiKeyHttpTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
    private static HttpFixture f;

    @BeforeAll static void start() { f = HttpFixture.start(CLOCK); }

    @AfterAll static void stop() { f.close(); }

    private static HttpFixture.Reply createKey(String token, String json) throws Exception { return f.post("/api/keys", token, json); }

    private static String key(String token, String json) throws Exception {
        HttpFixture.Reply r = createKey(token, json);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return r.data().path("key").asText();
    }

    private static HttpFixture.Reply revoke(String token, String id) throws Exception {
        return f.send(f.request("/api/keys/" + id, token).DELETE());
    }

    private static String idOf(String token, String secret) throws Exception {
        for (JsonNode k : f.get("/api/keys", token).data().path("keys"))
            if (secret.startsWith(k.path("prefix").asText())) return k.path("id").asText();
        throw new AssertionError("no key with the prefix of " + secret.substring(0, 12));
    }

    @Test
    void a_new_key_shows_its_secret_once_and_the_list_never_does() throws Exception {
        String token = f.user();
        HttpFixture.Reply made = createKey(token, "{\"name\":\"ci\",\"creditLimit\":500}");
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
        String secret = made.data().path("key").asText();
        assertThat(secret).matches("srk_[0-9A-Za-z]{40}");
        assertThat(made.data().path("prefix").asText()).isEqualTo(secret.substring(0, 12));
        assertThat(made.data().path("id").asText()).startsWith("key_");
        assertThat(made.data().path("scopes")).extracting(JsonNode::asText).containsExactly("tasks:read", "tasks:write");
        assertThat(made.data().path("creditLimit").asLong()).isEqualTo(500);

        HttpFixture.Reply list = f.get("/api/keys", token);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw().body()).doesNotContain(secret).doesNotContain(secret.substring(12));
        JsonNode listed = list.data().path("keys").get(0);
        assertThat(listed.path("id").asText()).isEqualTo(made.data().path("id").asText());
        assertThat(listed.has("key")).isFalse();
        assertThat(listed.path("name").asText()).isEqualTo("ci");
        assertThat(listed.path("revokedAt").isNull()).isTrue();
        assertThat(listed.path("expiresAt").isNull()).isTrue();
        assertThat(listed.has("lastUsedAt")).isTrue();
    }

    @Test
    void a_key_works_like_a_login_token_for_tasks_and_stream_tickets() throws Exception {
        String token = f.user();
        String key = key(token, "{\"name\":\"worker\"}");
        String id = f.create(key, "made with a key");
        assertThat(f.get("/api/video/tasks/" + id, key).status()).isEqualTo(200);
        assertThat(f.get("/api/video/tasks", key).data().path("tasks")).extracting(t -> t.path("videoId").asText()).containsExactly(id);
        assertThat(f.get("/api/video/tasks/" + id, token).status()).as("the key's tasks are its owner's").isEqualTo(200);
        HttpFixture.Reply ticket = f.post("/api/sse/tickets", key, "{}");
        assertThat(ticket.status()).isEqualTo(201);
        assertThat(ticket.data().path("ticket").asText()).isNotBlank();
    }

    @Test
    void a_revoked_key_is_refused_at_once_and_a_second_revoke_keeps_the_first_time() throws Exception {
        String token = f.user();
        String key = key(token, "{\"name\":\"to revoke\"}");
        assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(200);
        String id = idOf(token, key);
        HttpFixture.Reply revoked = revoke(token, id);
        assertThat(revoked.status()).isEqualTo(200);
        String at = revoked.data().path("revokedAt").asText();
        assertThat(Instant.parse(at)).isEqualTo(CLOCK.instant());

        HttpFixture.Reply refused = f.get("/api/video/tasks", key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("unauthorized");
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(revoke(token, id).data().path("revokedAt").asText()).isEqualTo(at);
        assertThat(f.get("/api/keys", token).data().path("keys").get(0).path("revokedAt").asText()).isEqualTo(at);
    }

    @Test
    void an_expired_key_is_refused() throws Exception {
        String token = f.user();
        String key = key(token, "{\"name\":\"short\",\"expiresAt\":\"" + CLOCK.instant().plusSeconds(60) + "\"}");
        assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(401);
        assertThat(f.get("/api/video/tasks", token).status()).as("the login token is unaffected").isEqualTo(200);
    }

    @Test
    void a_read_only_key_reads_but_cannot_write() throws Exception {
        String token = f.user();
        String id = f.create(token, "written with the token");
        String reader = key(token, "{\"name\":\"reader\",\"scopes\":[\"tasks:read\"]}");
        assertThat(f.get("/api/video/tasks/" + id, reader).status()).isEqualTo(200);
        for (String path : List.of("/api/relay/sora/videos", "/api/video/tasks", "/api/video/tasks/" + id + "/remix",
                "/api/video/tasks/" + id + "/cancel", "/api/video/tasks/" + id + "/retry")) {
            HttpFixture.Reply r = f.post(path, reader, "{\"prompt\":\"not allowed\"}");
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.code()).as(path).isEqualTo("insufficient_scope");
        }
        assertThat(f.get("/api/video/tasks", token).data().path("tasks")).hasSize(1);
        assertThat(f.get("/api/video/tasks/" + id, token).data().path("status").asText()).isNotEqualTo("CANCELLED");
    }

    @Test
    void a_write_only_key_cannot_read() throws Exception {
        String token = f.user();
        String writer = key(token, "{\"name\":\"writer\",\"scopes\":[\"tasks:write\"]}");
        String id = f.create(writer, "written with a write-only key");
        assertThat(f.get("/api/video/tasks/" + id, writer).status()).isEqualTo(403);
        assertThat(f.get("/api/video/tasks", writer).code()).isEqualTo("insufficient_scope");
    }

    @Test
    void a_key_cannot_manage_keys_or_sign_out() throws Exception {
        String token = f.user();
        String key = key(token, "{\"name\":\"limited\"}");
        String id = idOf(token, key);
        assertThat(createKey(key, "{\"name\":\"child\"}").status()).isEqualTo(403);
        assertThat(f.get("/api/keys", key).code()).isEqualTo("forbidden");
        assertThat(revoke(key, id).status()).isEqualTo(403);
        assertThat(f.post("/api/auth/logout", key, "{}").status()).isEqualTo(403);
        assertThat(f.get("/api/keys", token).data().path("keys")).hasSize(1);
        assertThat(f.get("/api/video/tasks", token).status()).as("the token was not signed out").isEqualTo(200);
        assertThat(revoke(token, id).status()).isEqualTo(200);
        assertThat(f.get("/api/keys", key).status()).as("a revoked key is refused as a credential first").isEqualTo(401);
    }

    @Test
    void another_users_key_cannot_be_revoked_or_seen() throws Exception {
        String alice = f.user(), bob = f.user();
        String alicesKey = key(alice, "{\"name\":\"alice's\"}");
        String id = idOf(alice, alicesKey);
        HttpFixture.Reply r = revoke(bob, id);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("key_not_found");
        assertThat(revoke(bob, "not-a-key-id").status()).isEqualTo(404);
        assertThat(f.get("/api/keys", bob).data().path("keys")).isEmpty();
        assertThat(f.get("/api/video/tasks", alicesKey).status()).isEqualTo(200);
    }

    @Test
    void a_disabled_users_keys_are_refused() throws Exception {
        String token = f.user();
        String key = key(token, "{\"name\":\"owner will be disabled\"}");
        assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(200);
        assertThat(f.services.accounts().disable(new UserId(userIdOf(token)))).isTrue();
        assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(401);
    }

    @Test
    void bad_input_is_refused_and_creates_nothing() throws Exception {
        String token = f.user();
        record Case(String body, String field) {}
        for (Case c : List.of(new Case("{}", "name"), new Case("{\"name\":\"  \"}", "name"),
                new Case("{\"name\":\"" + "n".repeat(65) + "\"}", "name"),
                new Case("{\"name\":\"x\",\"scopes\":[\"admin\"]}", "scopes"), new Case("{\"name\":\"x\",\"scopes\":[]}", "scopes"),
                new Case("{\"name\":\"x\",\"scopes\":\"tasks:read\"}", "scopes"),
                new Case("{\"name\":\"x\",\"creditLimit\":-1}", "creditLimit"), new Case("{\"name\":\"x\",\"creditLimit\":1.5}", "creditLimit"),
                new Case("{\"name\":\"x\",\"expiresAt\":\"tomorrow\"}", "expiresAt"),
                new Case("{\"name\":\"x\",\"expiresAt\":\"" + CLOCK.instant().minusSeconds(1) + "\"}", "expiresAt"))) {
            HttpFixture.Reply r = createKey(token, c.body());
            assertThat(r.status()).as(c.body()).isEqualTo(400);
            assertThat(r.code()).as(c.body()).isEqualTo("validation_failed");
            assertThat(r.body().path("error").path("details").path("field").asText()).as(c.body()).isEqualTo(c.field());
        }
        assertThat(f.get("/api/keys", token).data().path("keys")).isEmpty();
    }

    @Test
    void the_last_use_is_recorded_at_most_once_a_minute() throws Exception {
        String token = f.user();
        String key = key(token, "{\"name\":\"busy\"}");
        Instant first = CLOCK.instant();
        assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(200);
        assertThat(lastUsed(token)).isEqualTo(first.toString());
        CLOCK.advance(Duration.ofSeconds(30));
        assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(200);
        assertThat(lastUsed(token)).isEqualTo(first.toString());
        CLOCK.advance(Duration.ofSeconds(31));
        assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(200);
        assertThat(lastUsed(token)).isEqualTo(CLOCK.instant().toString());
    }

    @Test
    void a_store_that_cannot_record_the_last_use_does_not_fail_the_request() throws Exception {
        String token = f.user();
        String key = key(token, "{\"name\":\"while the store is down\"}");
        f.keyTouchesFail.set(true);
        try {
            assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(200);
        } finally {
            f.keyTouchesFail.set(false);
        }
        assertThat(f.get("/api/keys", token).data().path("keys").get(0).path("lastUsedAt").isNull()).isTrue();
        // The use that could not be recorded is not counted as recorded: the next one writes.
        assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(200);
        assertThat(lastUsed(token)).isEqualTo(CLOCK.instant().toString());
    }

    private static String lastUsed(String token) throws Exception {
        return f.get("/api/keys", token).data().path("keys").get(0).path("lastUsedAt").asText();
    }

    /** The user id a login token names (its {@code sub}). */
    private static String userIdOf(String token) throws Exception {
        String payload = token.split("\\.")[1];
        return HttpFixture.JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload)).path("sub").asText();
    }
}
