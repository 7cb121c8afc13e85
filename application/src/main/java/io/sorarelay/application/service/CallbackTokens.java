package io.sorarelay.application.service;

import io.sorarelay.domain.VideoId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * The per-task secret in a provider's callback URL. Seedance, Kling and MiniMax sign nothing they POST, so each task's
 * {@code callback_url} carries a token: HMAC-SHA256 over the provider's name and our video id under a key of the node's
 * (every node the same), compared in constant time. A token names one task at one provider and cannot be bent to
 * another; the URL, not a header, is the credential, so it is never logged whole.
 */
public final class CallbackTokens {
    /** Where callbacks are received, below the node's public base URL: {@code /api/callbacks/{provider}/{video}/{token}}. */
    public static final String ROUTE = "/api/callbacks";
    /** The least key length accepted (256 bits). */
    public static final int MIN_KEY_BYTES = 32;

    private final byte[] key;

    public CallbackTokens(byte[] key) {
        Objects.requireNonNull(key);
        if (key.length < MIN_KEY_BYTES) throw new IllegalArgumentException("a callback key needs at least " + MIN_KEY_BYTES + " bytes");
        this.key = key.clone();
    }

    /** The token of {@code video}'s callbacks from {@code provider} (URL-safe base64, no padding). */
    public String token(String provider, VideoId video) { return mac(provider, video.value()); }

    /** The path (below the public base URL) {@code provider} is to POST {@code video}'s news to. */
    public String path(String provider, VideoId video) {
        return ROUTE + "/" + provider + "/" + video.value() + "/" + token(provider, video);
    }

    /** Whether {@code token} is the one of {@code videoId} at {@code provider}; any text is accepted and compared in constant time. */
    public boolean verify(String provider, String videoId, String token) {
        if (provider == null || videoId == null || token == null) return false;
        return MessageDigest.isEqual(mac(provider, videoId).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.UTF_8));
    }

    private String mac(String provider, String videoId) {
        byte[] sig = ResultLinks.hmacSha256(key, ("provider-callback\n" + provider + "\n" + videoId).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    @Override public String toString() { return "CallbackTokens[key=***]"; }
}
