package io.sorarelay.adapter.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.VideoId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code callback_url} each task is created with, and the check of what arrives there. Ark signs nothing (no
 * signature header is documented) and anyone who learns the URL could post to it, so each task's URL carries our video
 * id and a token, HMAC-SHA256 of that id under a secret of ours: a post with a wrong token is refused, and one with a
 * right token is only a hint — the receiver reads the task from Ark before trusting any status.
 */
final class SeedanceCallbacks {
    private final URI base;
    private final byte[] secret;

    SeedanceCallbacks(URI base, String secret) {
        this.base = base;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code base?video=<id>&token=<token>} (or {@code &video=...} when the base has a query already). */
    String urlFor(VideoId video) {
        String sep = base.getRawQuery() == null ? "?" : "&";
        return base + sep + "video=" + video.value() + "&token=" + token(video.value());
    }

    boolean verify(String videoId, String token) {
        if (videoId == null || token == null) return false;
        return MessageDigest.isEqual(token(videoId).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }

    /** The Ark task id a callback body names, if it is a task object. */
    static Optional<ExternalTaskId> taskOf(byte[] body) {
        try {
            JsonNode json = ProviderCalls.JSON.readTree(body);
            String id = json == null ? "" : json.path("id").asText("");
            return id.isBlank() ? Optional.empty() : Optional.of(new ExternalTaskId(id));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String token(String videoId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(videoId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
