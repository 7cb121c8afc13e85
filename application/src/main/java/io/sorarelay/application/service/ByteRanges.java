package io.sorarelay.application.service;

import java.util.Optional;

/**
 * One byte range resolved against a stored object's length, as an upstream answers it (RFC 9110 §14): the whole
 * object (200), a part (206, {@code bytes first-last/size}) or nothing (416, {@code bytes *}{@code /size}). The
 * HTTP adapter hands over only ranges it parsed and rewrote ({@code bytes=first-last}, {@code bytes=first-},
 * {@code bytes=-suffix}, first ≤ last).
 */
sealed interface ByteRanges {
    record Whole(long size) implements ByteRanges {}

    record Part(long first, long last, long size) implements ByteRanges {
        long length() { return last - first + 1; }

        String contentRange() { return "bytes " + first + "-" + last + "/" + size; }
    }

    record Unsatisfiable(long size) implements ByteRanges {
        String contentRange() { return "bytes */" + size; }
    }

    static ByteRanges resolve(Optional<String> range, long size) {
        if (range.isEmpty()) return new Whole(size);
        String spec = range.get().substring("bytes=".length());
        int dash = spec.indexOf('-');
        String a = spec.substring(0, dash), b = spec.substring(dash + 1);
        if (a.isEmpty()) {
            long suffix = Long.parseLong(b);
            if (suffix == 0 || size == 0) return new Unsatisfiable(size);
            return new Part(Math.max(0, size - suffix), size - 1, size);
        }
        long first = Long.parseLong(a);
        if (first >= size) return new Unsatisfiable(size);
        long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
        return new Part(first, last, size);
    }
}
