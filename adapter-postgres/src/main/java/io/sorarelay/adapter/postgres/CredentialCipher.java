package io.sorarelay.adapter.postgres;

import io.sorarelay.domain.ChannelId;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Channel credentials as the {@code channels} table stores them: {@code v1:} then the base64 of a random 96-bit nonce
 * followed by the AES-256-GCM ciphertext and its 128-bit tag, with the channel id as associated data (a value copied to
 * another row does not decrypt). The {@code v1:} prefix names this format, so that a later one can be told apart from
 * it. Values are written under the current key; they are read under it or, while a key is being rotated, under the
 * previous one (the GCM tag tells which: a wrong key never yields a wrong credential) (docs/deployment.md,
 * "Channel secrets").
 */
final class CredentialCipher {
    static final String V1 = "v1:";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final Optional<SecretKeySpec> previous;
    private final SecureRandom random = new SecureRandom();

    /** @param previous the key being rotated away from: read, never written */
    CredentialCipher(ChannelSecretsKey key, Optional<ChannelSecretsKey> previous) {
        this.key = new SecretKeySpec(key.bytes(), "AES");
        this.previous = previous.map(p -> new SecretKeySpec(p.bytes(), "AES"));
    }

    /** The stored form of {@code credential}, a fresh nonce each time. */
    String seal(ChannelId channel, String credential) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, channel, nonce);
            byte[] sealed = c.doFinal(credential.getBytes(StandardCharsets.UTF_8));
            return V1 + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The credential stored as {@code stored} in the row of {@code channel}, under the current key or else the previous.
     *
     * @throws ChannelSecretsException when it does not decrypt under either for this channel, or is not of a known format
     */
    String open(ChannelId channel, String stored) {
        byte[] bytes = decode(channel, stored);
        Optional<String> clear = open(key, channel, bytes);
        if (clear.isEmpty() && previous.isPresent()) clear = open(previous.get(), channel, bytes);
        return clear.orElseThrow(() -> new ChannelSecretsException("channel '" + channel.value()
                + "': its stored credential does not decrypt with this key (another key, or a value from another channel's row)"));
    }

    /** Whether {@code stored} decrypts under the current key (else it is to be written again under it). */
    boolean isCurrent(ChannelId channel, String stored) {
        return open(key, channel, decode(channel, stored)).isPresent();
    }

    private static byte[] decode(ChannelId channel, String stored) {
        if (!stored.startsWith(V1))
            throw new ChannelSecretsException("channel '" + channel.value() + "': its stored credential is not in a known format");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.substring(V1.length()));
        } catch (IllegalArgumentException e) {
            throw new ChannelSecretsException("channel '" + channel.value() + "': its stored credential is not valid base64");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8)
            throw new ChannelSecretsException("channel '" + channel.value() + "': its stored credential is too short");
        return bytes;
    }

    private static Optional<String> open(SecretKeySpec key, ChannelId channel, byte[] bytes) {
        try {
            byte[] nonce = Arrays.copyOf(bytes, NONCE_BYTES);
            byte[] clear = cipher(Cipher.DECRYPT_MODE, key, channel, nonce).doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return Optional.of(new String(clear, StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static Cipher cipher(int mode, SecretKeySpec key, ChannelId channel, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(TRANSFORMATION);
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(("sora-relay channel " + channel.value()).getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
