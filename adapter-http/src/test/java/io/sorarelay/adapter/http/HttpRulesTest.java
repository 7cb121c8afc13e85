package io.sorarelay.adapter.http;

import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers whose rules live outside the adapter (the domain's password and prompt, the use case's "no content
 * before COMPLETED") and the messages built from configured limits: same status, code, field and message as before.
 */
class HttpRulesTest {
    private static HttpFixture f;

    @BeforeAll static void start() {
        f = new HttpFixture(RelaySettings.defaults().withLimits(0, 0).withSweep(SweepSettings.off()),
                HttpSettings.defaults().withMaxImageBytes(1024));
    }

    @AfterAll static void stop() { f.close(); }

    @Test
    void the_password_rule_is_answered_as_a_validation_error_on_the_password() throws Exception {
        HttpFixture.Reply tooShort = f.post("/api/auth/register", null, "{\"username\":\"rules_user\",\"password\":\"short\"}");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.code()).isEqualTo("validation_failed");
        assertThat(tooShort.body().path("message").asText()).isEqualTo("password must be 8 to 256 characters");
        assertThat(tooShort.body().path("error").path("details").path("field").asText()).isEqualTo("password");
        HttpFixture.Reply tooLong = f.post("/api/auth/register", null, "{\"username\":\"rules_user\",\"password\":\"" + "p".repeat(257) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        HttpFixture.Reply badNameShortPassword = f.post("/api/auth/register", null, "{\"username\":\"a b\",\"password\":\"short\"}");
        assertThat(badNameShortPassword.body().path("error").path("details").path("field").asText())
                .as("the password is checked before the username").isEqualTo("password");
        HttpFixture.Reply missing = f.post("/api/auth/login", null, "{\"username\":\"rules_user\"}");
        assertThat(missing.body().path("message").asText()).isEqualTo("password is required");
    }

    @Test
    void the_prompt_rule_is_answered_with_its_messages() throws Exception {
        String token = f.user();
        HttpFixture.Reply missing = f.post("/api/relay/sora/videos", token, "{\"model\":\"sora-2\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("message").asText()).isEqualTo("prompt is required");
        HttpFixture.Reply blank = f.post("/api/relay/sora/videos", token, "{\"prompt\":\"   \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body().path("message").asText()).isEqualTo("prompt must not be blank");
        assertThat(blank.body().path("error").path("details").path("field").asText()).isEqualTo("prompt");
        HttpFixture.Reply tooLong = f.post("/api/video/tasks", token, "{\"prompt\":\"" + "a".repeat(4001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().path("message").asText()).isEqualTo("prompt is longer than 4000 characters");
        assertThat(f.post("/api/video/tasks", token, "{\"prompt\":\"" + "a".repeat(4000) + "\"}").status()).isEqualTo(201);
    }

    @Test
    void content_of_a_task_that_is_not_completed_is_a_conflict_as_json_too() throws Exception {
        String token = f.user();
        String id = f.create(token, "not yet");
        HttpFixture.Reply asJson = f.send(f.request("/api/video/tasks/" + id + "/content", token).header("Accept", "application/json").GET());
        assertThat(asJson.status()).isEqualTo(409);
        assertThat(asJson.code()).isEqualTo("task_not_completed");
        assertThat(asJson.body().path("message").asText()).isEqualTo("the task is not completed");
        HttpFixture.Reply bytes = f.get("/api/video/tasks/" + id + "/content", token);
        assertThat(bytes.status()).isEqualTo(409);
        assertThat(bytes.code()).isEqualTo("task_not_completed");
    }

    @Test
    void an_image_over_the_configured_limit_is_refused_naming_that_limit() throws Exception {
        String token = f.user();
        String large = Base64.getEncoder().encodeToString(new byte[1025]);
        HttpFixture.Reply refused = f.post("/api/video/tasks", token, "{\"prompt\":\"big\",\"referenceImage\":\"" + large + "\"}");
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.code()).isEqualTo("payload_too_large");
        assertThat(refused.body().path("message").asText()).isEqualTo("the image is larger than 1 KiB");
    }

    @Test
    void configured_sizes_read_as_people_write_them() {
        assertThat(CreateRequestReader.readable(10L << 20)).isEqualTo("10 MiB");
        assertThat(CreateRequestReader.readable(3072)).isEqualTo("3 KiB");
        assertThat(CreateRequestReader.readable(1536)).isEqualTo("1536 bytes");
    }
}
