package io.sorarelay.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of what a request asks for (normalised prompt, spec, upstream, reference image digest,
 * lineage, negative prompt). The same idempotency key with the same fingerprint is a replay; with another, a conflict.
 */
public record RequestFingerprint(String value) {
    /** Copied for each digest: a copy is cheaper than the provider lookup of {@code MessageDigest.getInstance}. */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    public RequestFingerprint {
        if (!isLowercaseHex64(value)) throw new IllegalArgumentException("fingerprint must be 64 lowercase hex characters");
    }

    private static boolean isLowercaseHex64(String v) {
        if (v == null || v.length() != 64) return false;
        for (int i = 0; i < 64; i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    public static RequestFingerprint of(TaskRequest r) {
        // Length-prefixed fields, so no two different requests can concatenate to the same text.
        StringBuilder b = new StringBuilder("v1");
        field(b, r.lineage().type().name());
        field(b, r.prompt().normalized());
        field(b, r.spec().model());
        field(b, r.spec().seconds());
        field(b, r.spec().size());
        field(b, r.provider());
        field(b, r.referenceImage().map(i -> i.sha256() + "/" + i.mediaType()).orElse(""));
        field(b, r.lineage().remixedFrom().map(VideoId::value).orElse(""));
        field(b, r.lineage().retryOf().map(VideoId::value).orElse(""));
        // Appended only when present, so a request without one keeps the fingerprint it always had.
        r.negativePrompt().ifPresent(n -> field(b, "negative:" + n));
        return new RequestFingerprint(sha256(b.toString()));
    }

    private static void field(StringBuilder b, String v) {
        b.append('|').append(v.length()).append(':').append(v);
    }

    private static String sha256(String text) {
        try {
            MessageDigest md = (MessageDigest) SHA_256.clone();
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the platform's SHA-256 cannot be copied", e);
        }
    }
}
