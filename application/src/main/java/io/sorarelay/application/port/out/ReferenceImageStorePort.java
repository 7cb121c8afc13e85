package io.sorarelay.application.port.out;

import java.time.Instant;
import java.util.Optional;

/**
 * Content-addressed storage of reference images, one copy per SHA-256 however many tasks use it, kept while a task
 * may still send it upstream (docs/architecture.md, "Reference images").
 *
 * <p>An image is <em>held</em> when a create or a retry is about to store a task that uses it: the cleanup leaves
 * an image alone for a grace period after its last hold, which covers the moment between storing the image and
 * storing its task, when no task refers to it yet.
 */
public interface ReferenceImageStorePort {
    /** Stores the bytes under their SHA-256 (idempotent: the first bytes stay) and holds the image as of {@code now}. */
    void put(String sha256, String mediaType, byte[] bytes, Instant now);

    /** Holds a stored image as of {@code now} (a retry reuses its parent's); false when it is no longer stored. */
    boolean hold(String sha256, Instant now);

    Optional<byte[]> get(String sha256);

    /**
     * Deletes at most {@code limit} images last held before {@code heldBefore} that no task may still send
     * ({@code VideoTask.mayStillSendReferenceImage(retryableSince)} is false for every task using them). Each image is
     * decided and deleted atomically with respect to {@link #put} and {@link #hold}: one held meanwhile stays.
     */
    Deleted deleteUnneeded(Instant heldBefore, Instant retryableSince, int limit);

    /** The images stored now, and their bytes. */
    Usage usage();

    record Deleted(int images, long bytes) {
        public static final Deleted NONE = new Deleted(0, 0);
    }

    record Usage(long images, long bytes) {}
}
