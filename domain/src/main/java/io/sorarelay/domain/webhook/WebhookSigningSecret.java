package io.sorarelay.domain.webhook;

import io.sorarelay.domain.InvalidValueException;

import java.util.Base64;
import java.util.Objects;

/**
 * The key an endpoint's deliveries are signed with, in the Standard Webhooks form {@code whsec_<base64 of the key>}.
 * Shown to its owner once, at registration; kept to sign every later delivery. {@link #toString} never shows it.
 */
public final class WebhookSigningSecret {
    public static final String PREFIX = "whsec_";
    /** 24 bytes (192 bits): Standard Webhooks asks for 24 to 64. */
    public static final int KEY_BYTES = 24;

    private final String value;

    private WebhookSigningSecret(String value) { this.value = value; }

    /** From {@link #KEY_BYTES} random bytes the caller drew. */
    public static WebhookSigningSecret fromKey(byte[] key) {
        if (key.length < KEY_BYTES || key.length > 64) throw new IllegalArgumentException("a signing key has 24 to 64 bytes");
        return new WebhookSigningSecret(PREFIX + Base64.getEncoder().encodeToString(key));
    }

    /** As stored: checked for form, never for strength. */
    public static WebhookSigningSecret parse(String value) {
        Objects.requireNonNull(value);
        if (!value.startsWith(PREFIX)) throw new InvalidValueException("secret", "a signing secret starts with whsec_");
        try {
            Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("secret", "a signing secret is whsec_ and base64");
        }
        return new WebhookSigningSecret(value);
    }

    /** The raw HMAC key. */
    public byte[] key() { return Base64.getDecoder().decode(value.substring(PREFIX.length())); }

    /** The secret as its owner sees it once, and as the store keeps it. */
    public String reveal() { return value; }

    @Override public boolean equals(Object o) { return o instanceof WebhookSigningSecret s && s.value.equals(value); }

    @Override public int hashCode() { return value.hashCode(); }

    @Override public String toString() { return "whsec_***"; }
}
