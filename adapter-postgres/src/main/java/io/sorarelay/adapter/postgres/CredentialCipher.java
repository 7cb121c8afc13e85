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
import java.util.Base64;

/**
 * Channel credentials as the {@code channels} table stores them: {@code v1:} then the base64 of a random 96-bit nonce
 * followed by the AES-256-GCM ciphertext and its 128-bit tag, with the channel id as associated data (a value copied to
 * another row does not decrypt). The {@code v1:} prefix names this format and key generation, so that a later key or
 * format can be told apart from it (docs/deployment.md, "Channel secrets").
 */
final class CredentialCipher {
    static final String V1 = "v1:";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    CredentialCipher(ChannelSecretsKey key) { this.key = new SecretKeySpec(key.bytes(), "AES"); }

    /** The stored form of {@code credential}, a fresh nonce each time. */
    String seal(ChannelId channel, String credential) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, channel, nonce);
            byte[] sealed = c.doFinal(credential.getBytes(StandardCharsets.UTF_8));
            return V1 + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The credential stored as {@code stored} in the row of {@code channel}.
     *
     * @throws ChannelSecretsException when it does not decrypt with this key for this channel, or is not of a known format
     */
    String open(ChannelId channel, String stored) {
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
        try {
            byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
            byte[] clear = cipher(Cipher.DECRYPT_MODE, channel, nonce).doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new ChannelSecretsException("channel '" + channel.value()
                    + "': its stored credential does not decrypt with this key (another key, or a value from another channel's row)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private Cipher cipher(int mode, ChannelId channel, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(TRANSFORMATION);
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(("sora-relay channel " + channel.value()).getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
