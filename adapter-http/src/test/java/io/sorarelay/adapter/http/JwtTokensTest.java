package io.sorarelay.adapter.http;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.sorarelay.domain.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The token check with its cache of verified tokens: what verified once is still checked for expiry and for its exact text. */
class JwtTokensTest {
    private static final String SECRET = "jwt-tokens-test-secret-0123456789abcdef";
    private final JwtTokens tokens = new JwtTokens(SECRET, Duration.ofHours(1), InstantSource.system());

    @Test
    void a_verified_token_keeps_verifying_and_a_changed_one_does_not() {
        String token = tokens.issue(new UserId("usr_a"), "alice").token();
        assertThat(tokens.verify(token)).hasValueSatisfying(c -> {
            assertThat(c.id()).isEqualTo(new UserId("usr_a"));
            assertThat(c.username()).isEqualTo("alice");
        });
        assertThat(tokens.verify(token)).as("from the cache").hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(new UserId("usr_a")));
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThat(tokens.verify(tampered)).isEmpty();
        String otherKey = JWT.create().withIssuer(JwtTokens.ISSUER).withSubject("usr_a").withExpiresAt(Instant.now().plusSeconds(60))
                .sign(Algorithm.HMAC256("another-secret-another-secret-0123456789"));
        assertThat(tokens.verify(otherKey)).isEmpty();
        assertThat(tokens.verify(otherKey)).as("a refused token is checked again, and refused again").isEmpty();
    }

    @Test
    void a_cached_token_is_refused_once_it_expires() throws InterruptedException {
        // exp 3 to 4 s ago (exp has whole seconds): inside the 5 s leeway, so it verifies, for 1 to 2 s more.
        String token = JWT.create().withIssuer(JwtTokens.ISSUER).withSubject("usr_b").withExpiresAt(Instant.now().minusSeconds(3))
                .sign(Algorithm.HMAC256(SECRET));
        assertThat(tokens.verify(token)).isPresent();
        Thread.sleep(2_200);
        assertThat(tokens.verify(token)).as("past exp plus the leeway, cached or not").isEmpty();
    }
}
