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

    /** Time that moves only when the test says so. */
    private static final class TestClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-01-01T12:00:00Z");

        @Override public Instant instant() { return now; }

        void advance(Duration d) { now = now.plus(d); }
    }

    private final TestClock clock = new TestClock();
    private final JwtTokens tokens = new JwtTokens(SECRET, Duration.ofHours(1), clock);

    @Test
    void a_verified_token_keeps_verifying_and_a_changed_one_does_not() {
        String token = tokens.issue(new UserId("usr_a"), "alice", 3).token();
        assertThat(tokens.verify(token)).hasValueSatisfying(c -> {
            assertThat(c.id()).isEqualTo(new UserId("usr_a"));
            assertThat(c.username()).isEqualTo("alice");
            assertThat(c.tokenVersion()).isEqualTo(3);
        });
        assertThat(tokens.verify(token)).as("from the cache").hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(new UserId("usr_a")));
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThat(tokens.verify(tampered)).isEmpty();
        String otherKey = JWT.create().withIssuer(JwtTokens.ISSUER).withSubject("usr_a").withExpiresAt(clock.instant().plusSeconds(60))
                .sign(Algorithm.HMAC256("another-secret-another-secret-0123456789"));
        assertThat(tokens.verify(otherKey)).isEmpty();
        assertThat(tokens.verify(otherKey)).as("a refused token is checked again, and refused again").isEmpty();
    }

    @Test
    void a_cached_token_is_refused_once_it_expires() {
        // exp 3 s ago: inside the 5 s leeway, so it verifies, for 2 s more.
        String token = JWT.create().withIssuer(JwtTokens.ISSUER).withSubject("usr_b").withExpiresAt(clock.instant().minusSeconds(3))
                .sign(Algorithm.HMAC256(SECRET));
        assertThat(tokens.verify(token)).isPresent();
        clock.advance(Duration.ofMillis(1_900));
        assertThat(tokens.verify(token)).as("still inside exp plus the leeway, from the cache").isPresent();
        clock.advance(Duration.ofMillis(200));
        assertThat(tokens.verify(token)).as("past exp plus the leeway, cached or not").isEmpty();
    }

    @Test
    void a_token_without_a_version_claim_reads_as_version_zero() {
        String old = JWT.create().withIssuer(JwtTokens.ISSUER).withSubject("usr_d").withClaim("username", "dora")
                .withExpiresAt(clock.instant().plusSeconds(60)).sign(Algorithm.HMAC256(SECRET));
        assertThat(tokens.verify(old)).hasValueSatisfying(c -> assertThat(c.tokenVersion()).isZero());
    }

    @Test
    void an_issued_token_expires_after_its_ttl_by_the_given_clock() {
        String token = tokens.issue(new UserId("usr_c"), "carol", 0).token();
        clock.advance(Duration.ofHours(1).plusSeconds(4));
        assertThat(tokens.verify(token)).as("inside the leeway").isPresent();
        clock.advance(Duration.ofSeconds(2));
        assertThat(tokens.verify(token)).as("past the ttl and the leeway").isEmpty();
    }
}
