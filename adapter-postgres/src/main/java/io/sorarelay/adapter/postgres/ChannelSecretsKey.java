package io.sorarelay.adapter.postgres;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The AES-256 key the channels' credentials are encrypted with in the database ({@code CHANNEL_SECRETS_KEY}: the base64
 * of 32 random bytes). {@link #toString()} never shows it.
 */
public final class ChannelSecretsKey {
    public static final int BYTES = 32;

    private final byte[] key;

    private ChannelSecretsKey(byte[] key) { this.key = key; }

    /**
     * Reads the base64 (standard alphabet, as {@code openssl rand -base64 32} writes it) of exactly {@value #BYTES} bytes.
     *
     * @throws IllegalArgumentException when it is not; the message never holds the value
     */
    public static ChannelSecretsKey fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be base64 (e.g. `openssl rand -base64 32`)");
        }
        if (bytes.length != BYTES)
            throw new IllegalArgumentException("must be the base64 of " + BYTES + " bytes, not " + bytes.length + " (e.g. `openssl rand -base64 32`)");
        return new ChannelSecretsKey(bytes);
    }

    /** A fresh random key. */
    public static ChannelSecretsKey generate() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return new ChannelSecretsKey(bytes);
    }

    /** The key as {@code CHANNEL_SECRETS_KEY} carries it. */
    public String toBase64() { return Base64.getEncoder().encodeToString(key); }

    byte[] bytes() { return Arrays.copyOf(key, key.length); }

    @Override public String toString() { return "ChannelSecretsKey[redacted]"; }
}
