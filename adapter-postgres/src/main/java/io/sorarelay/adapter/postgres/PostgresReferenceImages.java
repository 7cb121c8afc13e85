package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ReferenceImageStorePort;

import java.util.Optional;

/** Reference images as {@code bytea}, keyed by their SHA-256; storing the same digest twice keeps the first. */
final class PostgresReferenceImages implements ReferenceImageStorePort {
    private static final String PUT = """
            INSERT INTO reference_images (sha256, media_type, bytes) VALUES (:sha256, :mediaType, :bytes)
            ON CONFLICT (sha256) DO NOTHING""";
    private static final String GET = "SELECT bytes FROM reference_images WHERE sha256 = :sha256";

    private final Database db;

    PostgresReferenceImages(Database db) {
        this.db = db;
    }

    @Override
    public void put(String sha256, String mediaType, byte[] bytes) {
        db.run(h -> h.createUpdate(PUT).bind("sha256", sha256).bind("mediaType", mediaType).bind("bytes", bytes).execute());
    }

    @Override
    public Optional<byte[]> get(String sha256) {
        return db.call(h -> h.createQuery(GET).bind("sha256", sha256).mapTo(byte[].class).findOne());
    }
}
