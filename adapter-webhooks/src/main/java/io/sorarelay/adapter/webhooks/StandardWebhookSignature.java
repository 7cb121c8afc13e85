package io.sorarelay.adapter.webhooks;

import io.sorarelay.domain.webhook.WebhookSigningSecret;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** The Standard Webhooks signature: {@code v1,<base64 of HMAC-SHA256 over "id.timestamp.body">} with the secret's key. */
final class StandardWebhookSignature {
    private StandardWebhookSignature() {}

    static String sign(WebhookSigningSecret secret, String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            byte[] digest = mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
