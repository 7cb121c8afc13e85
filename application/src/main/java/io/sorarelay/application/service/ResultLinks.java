package io.sorarelay.application.service;

import io.sorarelay.application.port.in.GetVideoResultUseCase.SignedLink;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.domain.VideoId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] sig = mac.doFinal((id.value() + "\n" + variant.name() + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
