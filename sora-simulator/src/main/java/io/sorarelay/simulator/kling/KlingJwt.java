package io.sorarelay.simulator.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.Base64;

/**
 * Checks Kling's bearer token: a JWT (HS256) whose {@code iss} is the access key, signed with the secret key, valid
 * between {@code nbf} and {@code exp}. The verdict is Kling's auth error code: 1001 empty, 1002 invalid, 1003 not yet
 * valid, 1004 expired (0 = valid). Token times are wall-clock seconds, so they are checked against the system clock
 * even when jobs age by a test's clock.
 */
final class KlingJwt {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accessKey;
    private final byte[] secretKey;
    private final InstantSource clock = InstantSource.system();

    KlingJwt(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey.getBytes(StandardCharsets.UTF_8);
    }

    int verdict(String authorization) {
        if (authorization == null || authorization.isBlank()) return 1001;
        if (!authorization.startsWith("Bearer ")) return 1002;
        String[] parts = authorization.substring(7).strip().split("\\.");
        if (parts.length != 3) return 1002;
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText())) return 1002;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey, "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) return 1002;
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!accessKey.equals(claims.path("iss").asText())) return 1002;
            long now = clock.millis() / 1000;
            if (claims.has("nbf") && now < claims.path("nbf").asLong()) return 1003;
            if (!claims.has("exp") || now >= claims.path("exp").asLong()) return 1004;
            return 0;
        } catch (IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
            return 1002;
        }
    }
}
