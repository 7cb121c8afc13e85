package io.sorarelay.application.port.out;

import java.util.Optional;

/** Content-addressed storage of reference images, kept until their task is submitted. */
public interface ReferenceImageStorePort {
    /** Stores the bytes under their SHA-256 (idempotent). */
    void put(String sha256, String mediaType, byte[] bytes);

    Optional<byte[]> get(String sha256);
}
