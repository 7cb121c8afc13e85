package io.sorarelay.adapter.sora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.application.port.out.WebhookVerifier;
import io.sorarelay.domain.ExternalTaskId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Standard Webhooks (standardwebhooks.com) as OpenAI sends them: {@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature} ("v1,&lt;base64&gt;", several separated by spaces),
 * HMAC-SHA256 over {@code id.timestamp.body} with the bytes of a {@code whsec_} base64 secret,
 * timestamps within ±5 minutes, constant-time comparison.
 */
public final class StandardWebhookVerifier implements WebhookVerifier {
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] key;
    private final InstantSource clock;

    public StandardWebhookVerifier(String secret, InstantSource clock) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            this.key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook secret must be base64 (optionally prefixed whsec_)");
        }
        if (key.length < 16) throw new IllegalArgumentException("the webhook secret is too short");
        this.clock = clock;
    }

    /** The signature the sender computes (exposed for tests and for signing our own deliveries). */
    public String sign(String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when one of the signatures matches and the timestamp is fresh. */
    public boolean authentic(Map<String, String> headers, byte[] body) {
        String id = headers.get("webhook-id");
        String ts = headers.get("webhook-timestamp");
        String signatures = headers.get("webhook-signature");
        if (id == null || ts == null || signatures == null || id.isBlank()) return false;
        long timestamp;
        try {
            timestamp = Long.parseLong(ts.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        // Compared as seconds, not as Instants: a timestamp past Instant's range (the header is the sender's to choose)
        // is merely stale, not an exception.
        long now = clock.instant().getEpochSecond();
        if (timestamp < now - TOLERANCE.toSeconds() || timestamp > now + TOLERANCE.toSeconds()) return false;
        byte[] expected = sign(id, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String candidate : signatures.strip().split(" +")) {
            if (!candidate.startsWith("v1,")) continue;
            ok |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        return ok;
    }

    /**
     * The notice of an authentic delivery; empty for anything else. Every header and the body are the sender's to
     * choose, so no value of theirs may escape as an exception (the caller would answer it with a 500, not a 401).
     */
    @Override
    public Optional<Notice> verify(Map<String, String> headers, byte[] body) {
        try {
            return notice(headers, body);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Notice> notice(Map<String, String> headers, byte[] body) {
        if (!authentic(headers, body)) return Optional.empty();
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (event == null || !event.isObject()) return Optional.empty();
        Kind kind = switch (event.path("type").asText("")) {
            case "video.completed" -> Kind.COMPLETED;
            case "video.failed" -> Kind.FAILED;
            default -> Kind.OTHER;
        };
        Optional<ExternalTaskId> videoId;
        try {
            String id = event.path("data").path("id").asText("");
            videoId = id.isBlank() ? Optional.empty() : Optional.of(new ExternalTaskId(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new Notice(headers.get("webhook-id"), kind, videoId));
    }
}
