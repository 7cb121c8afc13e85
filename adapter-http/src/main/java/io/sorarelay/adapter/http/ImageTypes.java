package io.sorarelay.adapter.http;

import java.util.Locale;
import java.util.Optional;

/**
 * What an uploaded image is, by its bytes: a client's label is only a claim. The bytes must open as JPEG, PNG or WebP
 * and, when the client named a type, be that type; anything else is a 415 before the image is stored or sent upstream
 * (HTML or an archive labelled {@code image/png} would otherwise reach the upstream, and come back to a browser).
 */
final class ImageTypes {
    static final String JPEG = "image/jpeg", PNG = "image/png", WEBP = "image/webp";

    private ImageTypes() {}

    /**
     * The image's type, checked against its bytes.
     *
     * @param declared the type the client named (a part's {@code Content-Type}, a data URL's type), if any
     * @param field    the request field, for the error
     */
    static String verified(Optional<String> declared, byte[] bytes, String field) {
        String sniffed = sniff(bytes).orElseThrow(() -> unsupported(field, "the " + field + " is not a JPEG, PNG or WebP image"));
        // "application/octet-stream" (or nothing) says "some bytes": only the bytes then tell.
        Optional<String> named = declared.map(t -> t.strip().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty() && !t.equals("application/octet-stream")).map(t -> t.equals("image/jpg") ? JPEG : t);
        if (named.isPresent() && !named.get().equals(sniffed))
            throw unsupported(field, "the " + field + " is labelled " + named.get() + " but its bytes are " + sniffed);
        return sniffed;
    }

    /** JPEG, PNG or WebP from the file's signature and first structure, or empty. */
    static Optional<String> sniff(byte[] b) {
        // JPEG: start of image, then the next marker.
        if (b.length > 3 && u(b, 0) == 0xFF && u(b, 1) == 0xD8 && u(b, 2) == 0xFF) return Optional.of(JPEG);
        // PNG: the 8-byte signature, then the IHDR chunk that must come first.
        if (b.length > 16 && u(b, 0) == 0x89 && ascii(b, 1, "PNG") && u(b, 4) == 0x0D && u(b, 5) == 0x0A && u(b, 6) == 0x1A
                && u(b, 7) == 0x0A && ascii(b, 12, "IHDR")) return Optional.of(PNG);
        // WebP: a RIFF container of kind WEBP whose first chunk is one of the three WebP encodings.
        if (b.length > 16 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP") && (ascii(b, 12, "VP8 ") || ascii(b, 12, "VP8L") || ascii(b, 12, "VP8X")))
            return Optional.of(WEBP);
        return Optional.empty();
    }

    private static ApiException unsupported(String field, String message) {
        return new ApiException(415, "unsupported_media_type", message, Optional.of(java.util.Map.of("field", field)), Optional.empty());
    }

    private static int u(byte[] b, int i) { return b[i] & 0xFF; }

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) if (b[at + i] != s.charAt(i)) return false;
        return true;
    }
}
