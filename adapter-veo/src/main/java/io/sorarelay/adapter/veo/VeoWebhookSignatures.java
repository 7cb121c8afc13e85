package io.sorarelay.adapter.veo;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the signature of a dynamic webhook (a {@code webhookConfig} in the create): an RS256 JWT in
 * {@code webhook-signature}, verified with Google's key set at {@code {base URL}/.well-known/jwks.json} (on the Gemini
 * API's own host), its {@code exp} required and not passed and its {@code iat} not in the future, a minute's leeway
 * for clock skew. The audience is not checked: Google documents none for dynamic webhooks. The key set is cached and
 * fetched again only for a key id it does not hold, at most once a minute, so forged ids cannot make us hammer Google.
 */
final class VeoWebhookSignatures {
    static final String HEADER = "webhook-signature";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REFETCH = Duration.ofMinutes(1);
    private static final long LEEWAY_SECONDS = 60;

    private final URI jwks;
    private final InstantSource clock;
    private final Duration connectTimeout;
    private final Duration timeout;
    /** Made at the first fetch: a channel that never receives a webhook starts no HTTP client for it. */
    private HttpClient http;
    private volatile Map<String, RSAPublicKey> keys = Map.of();
    private volatile Instant fetchedAt = Instant.MIN;

    VeoWebhookSignatures(URI baseUrl, InstantSource clock, Duration connectTimeout, Duration requestTimeout) {
        this.jwks = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/.well-known/jwks.json");
        this.clock = clock;
        this.connectTimeout = connectTimeout;
        this.timeout = requestTimeout;
    }

    /** Empty when {@code headers} carry a JWT Google's keys verify; otherwise why not. */
    Optional<String> check(Map<String, String> headers) {
        String header = headers.getOrDefault(HEADER, "").trim();
        if (header.isEmpty()) return Optional.of("no " + HEADER + " header");
        String why = "no verifiable JWT in " + HEADER;
        // Standard Webhooks allows several space-separated signatures, each possibly versioned ("v1,…").
        for (String entry : header.split("\\s+")) {
            String token = entry.contains(",") && !entry.substring(0, entry.indexOf(',')).contains(".") ? entry.substring(entry.indexOf(',') + 1) : entry;
            Optional<String> failure = verify(token);
            if (failure.isEmpty()) return Optional.empty();
            why = failure.get();
        }
        return Optional.of(why);
    }

    private Optional<String> verify(String token) {
        String kid;
        try {
            kid = JWT.decode(token).getKeyId();
        } catch (JWTDecodeException e) {
            return Optional.of("not a JWT");
        }
        Optional<RSAPublicKey> key = key(kid);
        if (key.isEmpty()) return Optional.of("no Google key " + (kid == null ? "(no kid)" : "'" + kid + "'"));
        JWTVerifier verifier = ((JWTVerifier.BaseVerification) JWT.require(Algorithm.RSA256(key.get(), null))
                .withClaimPresence("exp").acceptLeeway(LEEWAY_SECONDS)).build(clock.withZone(ZoneOffset.UTC));
        try {
            verifier.verify(token);
            return Optional.empty();
        } catch (JWTVerificationException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The key {@code kid} names (the only key when the token names none and the set holds one). */
    private Optional<RSAPublicKey> key(String kid) {
        Optional<RSAPublicKey> known = pick(keys, kid);
        if (known.isPresent()) return known;
        synchronized (this) {
            known = pick(keys, kid);
            if (known.isPresent() || clock.instant().isBefore(fetchedAt.plus(REFETCH))) return known;
            fetchedAt = clock.instant();
            fetch().ifPresent(fresh -> keys = fresh);
            return pick(keys, kid);
        }
    }

    private static Optional<RSAPublicKey> pick(Map<String, RSAPublicKey> keys, String kid) {
        if (kid != null) return Optional.ofNullable(keys.get(kid));
        return keys.size() == 1 ? keys.values().stream().findFirst() : Optional.empty();
    }

    /** Called under the instance's lock. */
    private Optional<Map<String, RSAPublicKey>> fetch() {
        if (http == null) http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(jwks).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) return Optional.empty();
            Map<String, RSAPublicKey> fresh = new HashMap<>();
            Base64.Decoder b64 = Base64.getUrlDecoder();
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            for (JsonNode k : JSON.readTree(r.body()).path("keys")) {
                if (!"RSA".equals(k.path("kty").asText()) || !k.path("n").isTextual() || !k.path("e").isTextual()) continue;
                RSAPublicKeySpec spec = new RSAPublicKeySpec(new BigInteger(1, b64.decode(k.path("n").asText())),
                        new BigInteger(1, b64.decode(k.path("e").asText())));
                fresh.put(k.path("kid").asText(""), (RSAPublicKey) rsa.generatePublic(spec));
            }
            return Optional.of(Map.copyOf(fresh));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
