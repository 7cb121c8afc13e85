package io.sorarelay.simulator.veo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Signs dynamic webhooks as the Gemini API does: an RS256 JWT in {@code webhook-signature}, verifiable with the key set
 * the simulator serves at {@code /veo/.well-known/jwks.json} (Google's is at the API host's
 * {@code /.well-known/jwks.json}). The key pair is made at start. The claims beyond {@code iss}, {@code iat} and
 * {@code exp} are not documented; the simulator sends those three. Token times are wall-clock seconds (the receiver
 * checks them against its own clock), even when jobs age by a test's clock.
 */
final class VeoWebhookSigner {
    static final String ISSUER = "https://generativelanguage.googleapis.com";
    private static final Duration LIFE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final String kid;

    VeoWebhookSigner() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.keys = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.kid = HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong()));
    }

    /** The public key set, in JWKS form. */
    Map<String, Object> jwks() {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kty", "RSA");
        key.put("alg", "RS256");
        key.put("use", "sig");
        key.put("kid", kid);
        key.put("n", B64.encodeToString(unsigned(pub.getModulus())));
        key.put("e", B64.encodeToString(unsigned(pub.getPublicExponent())));
        return Map.of("keys", List.of(key));
    }

    /** A JWT valid from {@code now} for five minutes. */
    String token(Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", kid);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(LIFE).getEpochSecond());
        String signingInput = B64.encodeToString(json(header)) + "." + B64.encodeToString(json(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(Map<String, Object> m) {
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWK's big-endian unsigned integer: without the sign byte {@link BigInteger#toByteArray()} may add. */
    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }
}
