package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.service.AuthSettings;
import io.sorarelay.application.service.CreditSettings;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.domain.PollPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credits over HTTP with credits on and 100 signup credits (sora-2 costs 40 for its default 4 seconds): the account,
 * each task's cost, the 402 of a create beyond the balance or beyond a key's credit limit, with nothing stored.
 */
class CreditsHttpTest {
    private static HttpFixture f;

    @BeforeAll static void start() {
        f = new HttpFixture(RelaySettings.defaults().withLimits(0, 0).withAuth(AuthSettings.defaults().unlimited())
                .withPollPolicy(new PollPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5)))
                .withSweep(SweepSettings.off()).withCredits(CreditSettings.charging(100)), HttpSettings.defaults());
    }

    @AfterAll static void stop() { f.close(); }

    private static HttpFixture.Reply create(String credential, String key) throws Exception {
        return f.send(f.request("/api/relay/sora/videos", credential).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a kestrel\"}")));
    }

    @Test
    void the_account_shows_the_signup_credits_and_a_task_its_held_cost() throws Exception {
        String token = f.user();
        assertThat(f.get("/api/account", token).data().path("balance").asLong()).isEqualTo(100);

        HttpFixture.Reply made = create(token, "one");

        assertThat(made.status()).isEqualTo(201);
        assertThat(made.data().path("cost").path("credits").asLong()).isEqualTo(40);
        assertThat(made.data().path("cost").path("state").asText()).isEqualTo("held");
        JsonNode account = f.get("/api/account", token).data();
        assertThat(account.path("role").asText()).isEqualTo("user");
        assertThat(account.path("balance").asLong()).isEqualTo(60);
        assertThat(account.path("held").asLong()).isEqualTo(40);
        assertThat(account.path("spent").asLong()).isZero();
        assertThat(create(token, "one").status()).as("a replay").isEqualTo(200);
        assertThat(f.get("/api/account", token).data().path("held").asLong()).as("the replay held nothing").isEqualTo(40);
    }

    @Test
    void a_create_beyond_the_balance_is_402_with_what_is_needed_and_stores_nothing() throws Exception {
        String token = f.user();
        assertThat(create(token, "a").status()).isEqualTo(201);
        assertThat(create(token, "b").status()).isEqualTo(201);

        HttpFixture.Reply refused = create(token, "c");

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.code()).isEqualTo("insufficient_credits");
        assertThat(refused.body().path("error").path("details").path("required").asLong()).isEqualTo(40);
        assertThat(refused.body().path("error").path("details").path("available").asLong()).isEqualTo(20);
        assertThat(f.get("/api/video/tasks", token).data().path("tasks")).hasSize(2);
    }

    @Test
    void a_key_over_its_credit_limit_gets_402_while_its_owner_still_may_create() throws Exception {
        String token = f.user();
        HttpFixture.Reply made = f.post("/api/keys", token, "{\"name\":\"capped\",\"creditLimit\":50}");
        String key = made.data().path("key").asText();
        assertThat(create(key, "k1").status()).isEqualTo(201);

        HttpFixture.Reply refused = create(key, "k2");

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.code()).isEqualTo("insufficient_credits");
        assertThat(refused.body().path("error").path("details").path("available").asLong()).as("the key's limit less its held credits").isEqualTo(10);
        assertThat(create(token, "t1").status()).as("the owner's login token is not capped by the key").isEqualTo(201);
        assertThat(f.get("/api/account", token).data().path("held").asLong()).isEqualTo(80);
    }

    @Test
    void an_admins_usage_shows_what_each_users_tasks_hold() throws Exception {
        String admin = f.admin();
        String token = f.user();
        assertThat(create(token, "u1").status()).isEqualTo(201);
        java.time.Instant now = java.time.Instant.now();
        HttpFixture.Reply r = f.get("/api/admin/usage?from=" + now.minusSeconds(3600) + "&to=" + now.plusSeconds(3600) + "&groupBy=user", admin);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        JsonNode mine = null;
        for (JsonNode row : r.data().path("rows")) if (row.path("key").asText().equals(HttpFixture.idOf(token).value())) mine = row;
        assertThat(mine).isNotNull();
        assertThat(mine.path("credits").path("held").asLong()).isEqualTo(40);
        assertThat(mine.path("credits").path("charged").asLong()).isZero();
        assertThat(mine.path("credits").path("released").asLong()).isZero();
    }

    @Test
    void the_account_needs_a_credential() throws Exception {
        assertThat(f.get("/api/account", null).status()).isEqualTo(401);
    }
}
