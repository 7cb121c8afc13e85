package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/webhooks} over in-memory adapters: each answer as the OpenAPI document has it. */
class WebhookEndpointHttpTest {
    private static final OpenApiDocument API = OpenApiDocument.load();
    private static HttpFixture f;

    @BeforeAll static void start() { f = HttpFixture.start(); }

    @AfterAll static void stop() { f.close(); }

    private static HttpFixture.Reply checked(String method, String template, HttpFixture.Reply reply) {
        API.assertAnswer(method, template, reply);
        return reply;
    }

    private static HttpFixture.Reply delete(String token, String id) throws Exception {
        return checked("DELETE", "/api/webhooks/{webhookId}", f.send(f.request("/api/webhooks/" + id, token).DELETE()));
    }

    @Test
    void an_endpoint_is_registered_with_its_secret_shown_once_listed_and_deleted() throws Exception {
        String token = f.user();
        HttpFixture.Reply made = checked("POST", "/api/webhooks",
                f.post("/api/webhooks", token, "{\"url\":\"https://Hooks.Example.com/sora?x=1\",\"events\":[\"video.failed\",\"video.completed\"]}"));
        assertThat(made.status()).as(made.raw().body()).isEqualTo(201);
        assertThat(made.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
        String id = made.data().path("id").asText();
        String secret = made.data().path("secret").asText();
        assertThat(id).startsWith("whe_");
        assertThat(secret).startsWith("whsec_");
        assertThat(made.data().path("url").asText()).isEqualTo("https://hooks.example.com/sora?x=1");
        assertThat(made.data().path("events")).extracting(JsonNode::asText).containsExactly("video.completed", "video.failed");

        HttpFixture.Reply list = checked("GET", "/api/webhooks", f.get("/api/webhooks", token));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw().body()).doesNotContain(secret.substring("whsec_".length()));
        assertThat(list.data().path("webhooks")).extracting(w -> w.path("id").asText()).containsExactly(id);
        assertThat(checked("GET", "/api/webhooks", f.get("/api/webhooks", f.user())).data().path("webhooks")).isEmpty();

        HttpFixture.Reply deliveries = checked("GET", "/api/webhooks/{webhookId}/deliveries", f.get("/api/webhooks/" + id + "/deliveries", token));
        assertThat(deliveries.status()).isEqualTo(200);
        assertThat(deliveries.data().path("deliveries")).isEmpty();

        assertThat(delete(f.user(), id).status()).as("another user's endpoint is not found").isEqualTo(404);
        HttpFixture.Reply gone = delete(token, id);
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.data().path("deleted").asBoolean()).isTrue();
        assertThat(delete(token, id).code()).isEqualTo("webhook_not_found");
        assertThat(checked("GET", "/api/webhooks/{webhookId}/deliveries", f.get("/api/webhooks/" + id + "/deliveries", token)).status())
                .isEqualTo(404);
        assertThat(f.get("/api/webhooks", token).data().path("webhooks")).isEmpty();
    }

    @Test
    void bad_input_is_a_400_naming_the_field_and_registers_nothing() throws Exception {
        String token = f.user();
        for (String body : new String[] {"{}", "{\"url\":\"ftp://example.com/x\"}", "{\"url\":\"https://u:p@example.com/\"}",
                "{\"url\":\"https://example.com/\",\"events\":[\"video.started\"]}", "{\"url\":\"https://example.com/\",\"events\":[]}",
                "{\"url\":\"https://example.com/\",\"events\":\"video.failed\"}", "{\"url\":42}"}) {
            HttpFixture.Reply r = checked("POST", "/api/webhooks", f.post("/api/webhooks", token, body));
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.code()).as(body).isEqualTo("validation_failed");
            assertThat(r.body().path("error").path("details").path("field").asText()).as(body).isIn("url", "events");
        }
        assertThat(f.get("/api/webhooks", token).data().path("webhooks")).isEmpty();
        assertThat(checked("GET", "/api/webhooks/{webhookId}/deliveries", f.get("/api/webhooks/not-an-id/deliveries", token)).status())
                .isEqualTo(404);
    }

    @Test
    void a_key_reads_with_tasks_read_and_registers_only_with_tasks_write() throws Exception {
        String token = f.user();
        String reader = f.post("/api/keys", token, "{\"name\":\"reader\",\"scopes\":[\"tasks:read\"]}").data().path("key").asText();
        String writer = f.post("/api/keys", token, "{\"name\":\"writer\"}").data().path("key").asText();
        String body = "{\"url\":\"https://example.com/hook\"}";

        HttpFixture.Reply refused = checked("POST", "/api/webhooks", f.post("/api/webhooks", reader, body));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("insufficient_scope");
        assertThat(checked("POST", "/api/webhooks", f.post("/api/webhooks", writer, body)).status()).isEqualTo(201);
        assertThat(checked("GET", "/api/webhooks", f.get("/api/webhooks", reader)).data().path("webhooks")).hasSize(1);
        assertThat(checked("GET", "/api/webhooks", f.get("/api/webhooks", null)).status()).isEqualTo(401);
    }
}
