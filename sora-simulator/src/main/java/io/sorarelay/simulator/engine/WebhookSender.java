package io.sorarelay.simulator.engine;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Posts events signed the Standard Webhooks way (standardwebhooks.com), as OpenAI signs its webhooks:
 * {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature: v1,<base64>} headers. What
 * an event says is the protocol's business; this class only signs and delivers, once, without retries.
 */
public final class WebhookSender {
    private final URI url;
    private final String secret;
    private final CallbackSender sender;

    /** @param whsecSecret the {@code whsec_}-prefixed base64 secret the receiver verifies with */
    public WebhookSender(String url, String whsecSecret, Stats stats) {
        this.url = URI.create(Objects.requireNonNull(url));
        this.secret = Objects.requireNonNull(whsecSecret);
        this.sender = new CallbackSender(stats, 1, Duration.ofSeconds(10));
    }

    /** Delivers {@code body} as event {@code eventId} made at {@code timestampSeconds}; a failed delivery is dropped. */
    public void send(String eventId, long timestampSeconds, byte[] body) {
        // Once: if the receiver was down or slow, like a real upstream here, the event is lost (the relay polls anyway).
        sender.post(url.toString(), Map.of("webhook-id", eventId, "webhook-timestamp", Long.toString(timestampSeconds),
                "webhook-signature", "v1," + sign(secret, eventId, timestampSeconds, body)), body);
    }

    /** base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")) with the secret's bytes after {@code whsec_}. */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
