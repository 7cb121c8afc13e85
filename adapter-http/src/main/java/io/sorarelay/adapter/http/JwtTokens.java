package io.sorarelay.adapter.http;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.credit.KeyBudget;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * HS256 tokens (java-jwt): the algorithm is pinned, {@code exp} is required and enforced. A token that verified is
 * remembered (by its whole text, signature included) until its {@code exp}, in a bounded cache, so a client's
 * every request does not pay the signature and the claims' JSON again; a token that fails is never remembered.
 * <p>
 * A token carries its user's token version ({@code tv}); whether that is still the user's is not this class's to say
 * ({@link BearerAuth} asks the accounts use case on every request). A token issued before the claim existed reads as
 * version 0, every account's first.
 */
final class JwtTokens {
    static final String ISSUER = "sora-relay";

    static final String TOKEN_VERSION = "tv";

    /** Who a token names; {@code tokenVersion} is the one it was issued with. */
    /** @param budget what the caller's API key may spend, when it has a credit limit (a login token has none) */
    record Caller(UserId id, String username, long tokenVersion, Optional<KeyBudget> budget) {
        Caller(UserId id, String username, long tokenVersion) { this(id, username, tokenVersion, Optional.empty()); }

        /** A caller known without a token (a redeemed stream ticket). */
        Caller(UserId id, String username) { this(id, username, 0); }
    }

    record Issued(String token, Instant expiresAt) {}

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration ttl;
    private final InstantSource clock;
    /** Verified tokens: the caller and the instant (exp plus the leeway) after which the token is refused again. */
    private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(10_000).build();
    private static final Duration LEEWAY = Duration.ofSeconds(5);

    private record Verified(Caller caller, Instant refusedFrom) {}

    JwtTokens(String secret, Duration ttl, InstantSource clock) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < HttpSettings.MIN_SECRET_BYTES)
            throw new IllegalArgumentException("the JWT secret must be at least " + HttpSettings.MIN_SECRET_BYTES + " bytes");
        this.algorithm = Algorithm.HMAC256(secret);
        // The verifier checks exp against the same clock that issues tokens and ages the cache.
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm).withIssuer(ISSUER).withClaimPresence("exp")
                .withClaimPresence("sub").acceptLeeway(LEEWAY.toSeconds())).build(clock.withZone(ZoneOffset.UTC));
        this.ttl = ttl;
        this.clock = clock;
    }

    Issued issue(UserId id, String username, long tokenVersion) {
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        return new Issued(JWT.create().withIssuer(ISSUER).withSubject(id.value()).withClaim("username", username)
                .withClaim(TOKEN_VERSION, tokenVersion).withIssuedAt(now).withExpiresAt(exp).sign(algorithm), exp);
    }

    Optional<Caller> verify(String token) {
        Verified known = verified.getIfPresent(token);
        if (known != null) {
            if (clock.instant().isBefore(known.refusedFrom())) return Optional.of(known.caller());
            verified.invalidate(token);
        }
        try {
            DecodedJWT jwt = verifier.verify(token);
            String name = jwt.getClaim("username").asString();
            Long version = jwt.getClaim(TOKEN_VERSION).asLong();
            Caller caller = new Caller(new UserId(jwt.getSubject()), name == null ? "" : name, version == null ? 0 : version);
            verified.put(token, new Verified(caller, jwt.getExpiresAtAsInstant().plus(LEEWAY)));
            return Optional.of(caller);
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
