package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.ReferenceImageStorePort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Content-addressed reference images: stored under their SHA-256, the first bytes kept, never changed from outside. */
public abstract class ReferenceImageStoreContract {
    /** An image store; it may hold other tests' images, as every image here is this test's own. */
    protected abstract ReferenceImageStorePort newImages() throws Exception;

    private ReferenceImageStorePort images;

    @BeforeEach
    void store() throws Exception { images = newImages(); }

    /** Bytes no other test stores: a PNG signature and a random tail of {@code size} bytes in all. */
    private static byte[] image(int size) {
        byte[] bytes = new byte[size];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        byte[] unique = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = signature.length; i < size; i++) bytes[i] = (byte) (unique[i % unique.length] + i);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void an_image_reads_back_byte_for_byte_under_its_digest() {
        byte[] small = image(64);
        byte[] large = image(2 * 1024 * 1024);
        images.put(sha256(small), "image/png", small);
        images.put(sha256(large), "image/png", large);
        assertThat(images.get(sha256(small))).hasValueSatisfying(b -> assertThat(b).isEqualTo(small));
        assertThat(images.get(sha256(large))).hasValueSatisfying(b -> assertThat(b).isEqualTo(large));
    }

    @Test
    void an_unknown_digest_answers_nothing() {
        assertThat(images.get(sha256(image(32)))).isEmpty();
    }

    @Test
    void storing_a_digest_again_keeps_the_first_bytes() {
        byte[] first = image(64);
        String digest = sha256(first);
        images.put(digest, "image/png", first);
        images.put(digest, "image/jpeg", image(64));
        assertThat(images.get(digest)).hasValueSatisfying(b -> assertThat(b).isEqualTo(first));
    }

    @Test
    void the_stored_bytes_do_not_change_with_the_callers_arrays() {
        byte[] original = image(64);
        byte[] given = original.clone();
        String digest = sha256(original);
        images.put(digest, "image/png", given);
        given[10] ^= 0x7f;
        images.get(digest).orElseThrow()[11] ^= 0x7f;
        assertThat(images.get(digest)).hasValueSatisfying(b -> assertThat(b).isEqualTo(original));
    }
}
