package io.sorarelay.domain;

import java.util.Set;
import java.util.regex.Pattern;

/** An input image the video starts from, known by its content digest (the bytes live in a store). */
public record ReferenceImage(String sha256, String mediaType, long sizeBytes) {
    public static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/webp");
    public static final long MAX_BYTES = 10L * 1024 * 1024;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public ReferenceImage {
        if (sha256 == null || !HEX64.matcher(sha256).matches())
            throw new InvalidValueException("input_reference", "reference digest must be 64 lowercase hex characters");
        if (!MEDIA_TYPES.contains(mediaType))
            throw new InvalidValueException("input_reference", "reference image must be one of " + MEDIA_TYPES);
        if (sizeBytes <= 0 || sizeBytes > MAX_BYTES)
            throw new InvalidValueException("input_reference", "reference image must be 1 byte to 10 MiB");
    }
}
