package io.sorarelay.adapter.http;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.sorarelay.domain.UserId;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/** HS256 tokens (java-jwt): the algorithm is pinned, {@code exp} is required and enforced. */
final class JwtTokens {
    static final String ISSUER = "sora-relay";

    record Caller(UserId id, String username) {}

    record Issued(String token, Instant expiresAt) {}

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration ttl;
    private final InstantSource clock;

    JwtTokens(String secret, Duration ttl, InstantSource clock) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < HttpSettings.MIN_SECRET_BYTES)
            throw new IllegalArgumentException("the JWT secret must be at least " + HttpSettings.MIN_SECRET_BYTES + " bytes");
        this.algorithm = Algorithm.HMAC256(secret);
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER).withClaimPresence("exp").withClaimPresence("sub").acceptLeeway(5).build();
        this.ttl = ttl;
        this.clock = clock;
    }

    Issued issue(UserId id, String username) {
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        return new Issued(JWT.create().withIssuer(ISSUER).withSubject(id.value()).withClaim("username", username)
                .withIssuedAt(now).withExpiresAt(exp).sign(algorithm), exp);
    }

    Optional<Caller> verify(String token) {
        try {
            DecodedJWT jwt = verifier.verify(token);
            String name = jwt.getClaim("username").asString();
            return Optional.of(new Caller(new UserId(jwt.getSubject()), name == null ? "" : name));
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
