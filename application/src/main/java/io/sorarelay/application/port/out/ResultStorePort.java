package io.sorarelay.application.port.out;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Where finished videos and thumbnails are kept once copied from the upstream, whose links expire (docs/results.md).
 *
 * <p>A put streams: no adapter holds a whole object in memory. It writes under a temporary name (a file beside the
 * store, an S3 multipart upload) and publishes under {@code key} only once every byte is in and matches what was
 * expected, so a reader never sees a partial object: before the publish the key answers nothing (or its previous
 * object), after it the whole new one. A put that fails or is refused leaves nothing behind under {@code key}.
 *
 * <p>An unreachable store throws {@link io.sorarelay.application.port.DependencyUnavailableException}.
 */
public interface ResultStorePort {
    /** Keys are relative paths of letters, digits, {@code . _ -} and {@code /} (no empty, dot or dot-dot segment). */
    Pattern KEY = Pattern.compile("(?!.*(^|/)\\.{1,2}(/|$))[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    /** What the caller knows of the bytes; a put whose bytes differ is refused. */
    record Expected(OptionalLong size, Optional<String> sha256) {
        public Expected { Objects.requireNonNull(size); Objects.requireNonNull(sha256); }

        public static Expected nothing() { return new Expected(OptionalLong.empty(), Optional.empty()); }

        public static Expected size(long size) { return new Expected(OptionalLong.of(size), Optional.empty()); }
    }

    /** A stored object: its length and the SHA-256 (lower-case hex) of its bytes. */
    record Stored(long size, String sha256) {
        public Stored { Objects.requireNonNull(sha256); }
    }

    sealed interface PutResult {
        /** Published: the key now answers exactly these bytes. */
        record Published(Stored object) implements PutResult {}

        /** The bytes were not what was expected (a short read, another digest): nothing was published. */
        record Refused(String reason) implements PutResult {}
    }

    /** Streams {@code body} (not closed here) into the store under {@code key}, replacing an object already there. */
    PutResult put(String key, InputStream body, Expected expected);

    /** The object's length, if there is one under {@code key}. */
    OptionalLong size(String key);

    /**
     * Reads {@code length} bytes from {@code first} (the caller checked they lie within the object); empty when there
     * is no object under {@code key}. The caller closes the stream.
     */
    Optional<InputStream> open(String key, long first, long length);

    /**
     * The same bytes as {@link #open} as one read-only buffer, when the store can hand them over without copying them
     * (a file mapped into memory); empty when it cannot (or there is no object), and the caller opens a stream.
     */
    default Optional<ByteBuffer> buffer(String key, long first, long length) { return Optional.empty(); }

    /** Deletes the object; false when there was none. */
    boolean delete(String key);

    /** A store that keeps nothing (beside {@link ResultArchivePort#NONE}, which never asks it to). */
    ResultStorePort NONE = new ResultStorePort() {
        @Override public PutResult put(String key, InputStream body, Expected expected) { return new PutResult.Refused("no results store"); }
        @Override public OptionalLong size(String key) { return OptionalLong.empty(); }
        @Override public Optional<InputStream> open(String key, long first, long length) { return Optional.empty(); }
        @Override public boolean delete(String key) { return false; }
    };

    static String checkKey(String key) {
        if (key == null || key.length() > 512 || !KEY.matcher(key).matches()) throw new IllegalArgumentException("not a result key: " + key);
        return key;
    }
}
