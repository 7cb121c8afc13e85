package io.sorarelay.application.service;

import io.sorarelay.application.port.in.GetVideoResultUseCase.SignedLink;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.domain.VideoId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Signs and checks result links: HMAC-SHA256 over the video id, the variant and the expiry (epoch seconds), so a link
 * names one file for a short time and cannot be bent to another task, variant or time. A {@code <video src>} sends no
 * header: the link itself is the credential, which is why it is short-lived.
 */
final class ResultLinks {
    sealed interface Check {
        record Valid() implements Check {}

        record Invalid() implements Check {}

        record Expired() implements Check {}
    }

    private final byte[] secret;
    private final Duration ttl;

    ResultLinks(byte[] secret, Duration ttl) {
        this.secret = secret.clone();
        this.ttl = ttl;
    }

    SignedLink sign(VideoId id, ContentVariant variant, Instant now) {
        // Whole seconds: the expiry travels as a number in the link and is signed as written.
        long expires = now.plus(ttl).getEpochSecond();
        String v = variant.name().toLowerCase(Locale.ROOT);
        return new SignedLink("/api/video/results/" + id.value() + "?variant=" + v + "&expires=" + expires + "&sig=" + mac(id, variant, expires),
                Instant.ofEpochSecond(expires));
    }

    Check check(VideoId id, ContentVariant variant, String expires, String signature, Instant now) {
        long at;
        try {
            if (expires == null || expires.length() > 12) return new Check.Invalid();
            at = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return new Check.Invalid();
        }
        if (signature == null) return new Check.Invalid();
        boolean same = MessageDigest.isEqual(mac(id, variant, at).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
        if (!same) return new Check.Invalid();
        return now.getEpochSecond() >= at ? new Check.Expired() : new Check.Valid();
    }

    private String mac(VideoId id, ContentVariant variant, long expires) {
        byte[] sig = hmacSha256(secret, (id.value() + "\n" + variant.name() + "\n" + expires).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    /**
     * HMAC-SHA256 (RFC 2104) over the JDK's {@link MessageDigest}: the application sees only the core JDK, and
     * {@code javax.crypto} is not part of it (the tests check this against {@code javax.crypto.Mac}).
     */
    static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] k = key.length > 64 ? sha.digest(key) : key;
            byte[] inner = new byte[64], outer = new byte[64];
            for (int i = 0; i < 64; i++) {
                byte b = i < k.length ? k[i] : 0;
                inner[i] = (byte) (b ^ 0x36);
                outer[i] = (byte) (b ^ 0x5c);
            }
            sha.update(inner);
            byte[] innerHash = sha.digest(message);
            sha.update(outer);
            return sha.digest(innerHash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
