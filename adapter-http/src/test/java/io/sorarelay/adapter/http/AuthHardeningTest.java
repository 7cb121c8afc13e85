package io.sorarelay.adapter.http;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.sorarelay.application.service.AuthSettings;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.domain.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile client found in sign-in, over real HTTP: bursts of wrong passwords and of registrations get 429 with
 * Retry-After, weak passwords are refused, and a token ends at logout, with its account, or when it never had one.
 * (That the owner still signs in after a burst needs two client addresses: SignInBehaviourTest in adapter-memory.)
 */
class AuthHardeningTest {

    /** A server whose sign-in limits are small: 5 failures per address, 3 per username, 4 registrations per address. */
    private static HttpFixture limited() {
        return new HttpFixture(RelaySettings.defaults().withLimits(0, 0).withSweep(SweepSettings.off())
                .withAuth(AuthSettings.defaults().withLimits(5, 3, 4)), HttpSettings.defaults());
    }

    private static String creds(String name, String password) {
        return "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}";
    }

    private static String name() { return "u" + UUID.randomUUID().toString().substring(0, 8); }

    @Test
    void a_burst_of_wrong_passwords_is_refused_with_429_and_retry_after_before_any_more_hashing() throws Exception {
        try (HttpFixture f = limited()) {
            String victim = name();
            assertThat(f.post("/api/auth/register", null, creds(victim, "the victim's passphrase")).status()).isEqualTo(201);
            List<Integer> statuses = new ArrayList<>();
            HttpFixture.Reply last = null;
            for (int i = 0; i < 30; i++) {
                last = f.post("/api/auth/login", null, creds(victim, "guess-" + i));
                statuses.add(last.status());
            }
            // 3 failures at the name, then this address's one more attempt at it, then 429s
            assertThat(statuses.subList(0, 4)).containsOnly(401);
            assertThat(statuses.subList(4, 30)).containsOnly(429);
            assertThat(last.code()).isEqualTo("too_many_attempts");
            assertThat(last.body().path("success").asBoolean(true)).isFalse();
            assertThat(Long.parseLong(last.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 600L);
        }
    }

    @Test
    void a_burst_of_registrations_from_one_address_is_refused_with_429() throws Exception {
        try (HttpFixture f = limited()) {
            for (int i = 0; i < 4; i++) assertThat(f.post("/api/auth/register", null, creds(name(), "a fine passphrase")).status()).isEqualTo(201);
            HttpFixture.Reply fifth = f.post("/api/auth/register", null, creds(name(), "a fine passphrase"));
            assertThat(fifth.status()).isEqualTo(429);
            assertThat(fifth.code()).isEqualTo("too_many_registrations");
            assertThat(fifth.raw().headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void weak_passwords_are_refused_on_the_password_field() throws Exception {
        try (HttpFixture f = HttpFixture.start()) {
            for (String weak : List.of("password", "12345678", "PASSWORD", "\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000",
                    "\\uD83D\\uDE00\\uD83D\\uDE00\\uD83D\\uDE00\\uD83D\\uDE00")) {
                HttpFixture.Reply r = f.post("/api/auth/register", null, creds(name(), weak));
                assertThat(r.status()).as(weak).isEqualTo(400);
                assertThat(r.body().path("error").path("details").path("field").asText()).as(weak).isEqualTo("password");
            }
            HttpFixture.Reply common = f.post("/api/auth/register", null, creds(name(), "iloveyou"));
            assertThat(common.body().path("message").asText()).isEqualTo("password is too common; choose another");
        }
    }

    @Test
    void logout_ends_the_token_at_once_and_a_new_login_gives_a_working_one() throws Exception {
        try (HttpFixture f = HttpFixture.start()) {
            String name = name();
            f.post("/api/auth/register", null, creds(name, "password-123"));
            String first = f.post("/api/auth/login", null, creds(name, "password-123")).data().path("token").asText();
            String second = f.post("/api/auth/login", null, creds(name, "password-123")).data().path("token").asText();
            assertThat(f.get("/api/models", first).status()).isEqualTo(200);

            HttpFixture.Reply out = f.post("/api/auth/logout", first, "{}");
            assertThat(out.status()).isEqualTo(200);
            assertThat(f.get("/api/models", first).status()).isEqualTo(401);
            assertThat(f.get("/api/models", second).status()).as("every token of the user issued before").isEqualTo(401);
            assertThat(f.post("/api/auth/logout", first, "{}").status()).isEqualTo(401);

            String third = f.post("/api/auth/login", null, creds(name, "password-123")).data().path("token").asText();
            assertThat(f.get("/api/models", third).status()).isEqualTo(200);
            assertThat(f.post("/api/auth/logout", null, "{}").status()).isEqualTo(401);
        }
    }

    @Test
    void a_validly_signed_token_of_a_user_that_does_not_exist_or_is_disabled_is_refused() throws Exception {
        try (HttpFixture f = HttpFixture.start()) {
            String ghost = JWT.create().withIssuer(JwtTokens.ISSUER).withSubject("usr_never_registered").withClaim("username", "ghost")
                    .withClaim(JwtTokens.TOKEN_VERSION, 0L).withExpiresAt(Instant.now().plusSeconds(600))
                    .sign(Algorithm.HMAC256(HttpFixture.SECRET));
            HttpFixture.Reply r = f.get("/api/models", ghost);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.code()).isEqualTo("unauthorized");

            String name = name();
            String id = f.post("/api/auth/register", null, creds(name, "password-123")).data().path("user").path("id").asText();
            String token = f.post("/api/auth/login", null, creds(name, "password-123")).data().path("token").asText();
            assertThat(f.get("/api/models", token).status()).isEqualTo(200);
            assertThat(f.services.accounts().disable(new UserId(id))).isTrue();
            assertThat(f.get("/api/models", token).status()).isEqualTo(401);
            assertThat(f.post("/api/auth/login", null, creds(name, "password-123")).status()).isEqualTo(401);
        }
    }
}
