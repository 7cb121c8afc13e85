package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ReferenceImageStorePort;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

import java.time.Instant;
import java.util.Optional;

/**
 * Reference images as {@code bytea}, keyed by their SHA-256; storing the same digest twice keeps the first. The
 * cleanup is one statement that deletes an image only when no task row that may still send it exists
 * ({@code PostgresReferenceImages/delete-unneeded.sql} says why a concurrent create cannot lose its image).
 */
final class PostgresReferenceImages implements ReferenceImageStorePort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String PUT = SQL.locate(PostgresReferenceImages.class, "put");
    private static final String HOLD = SQL.locate(PostgresReferenceImages.class, "hold");
    private static final String GET = SQL.locate(PostgresReferenceImages.class, "get");
    private static final String DELETE_UNNEEDED = SQL.locate(PostgresReferenceImages.class, "delete-unneeded");
    private static final String USAGE = SQL.locate(PostgresReferenceImages.class, "usage");

    private final Database db;

    PostgresReferenceImages(Database db) {
        this.db = db;
    }

    @Override
    public void put(String sha256, String mediaType, byte[] bytes, Instant now) {
        db.run(h -> h.createUpdate(PUT).bind("sha256", sha256).bind("mediaType", mediaType).bind("bytes", bytes)
                .bind("now", Micros.truncate(now)).execute());
    }

    @Override
    public boolean hold(String sha256, Instant now) {
        return db.call(h -> h.createUpdate(HOLD).bind("sha256", sha256).bind("now", Micros.truncate(now)).execute()) > 0;
    }

    @Override
    public Optional<byte[]> get(String sha256) {
        return db.call(h -> h.createQuery(GET).bind("sha256", sha256).mapTo(byte[].class).findOne());
    }

    @Override
    public Deleted deleteUnneeded(Instant heldBefore, Instant retryableSince, int limit) {
        if (limit < 1) return Deleted.NONE;
        return db.call(h -> h.createQuery(DELETE_UNNEEDED).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("heldBefore", Micros.truncate(heldBefore)).bind("retryableSince", Micros.truncate(retryableSince))
                .bind("limit", limit)
                .map((rs, ctx) -> new Deleted(rs.getInt("images"), rs.getLong("bytes"))).one());
    }

    @Override
    public Usage usage() {
        return db.call(h -> h.createQuery(USAGE).map((rs, ctx) -> new Usage(rs.getLong("images"), rs.getLong("bytes"))).one());
    }
}
