package io.sorarelay.simulator.http;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Download links as object stores hand them out (OSS, TOS): public, signed and short-lived, so a client that stores
 * the URL instead of the video finds it dead later. Shared by the protocols whose results are such links; each words
 * the refusal of a dead link itself.
 */
public final class SignedLinks {
    public enum Verdict { VALID, EXPIRED, FORGED }

    private final String pathPrefix;
    private final Duration lifetime;
    private final byte[] key = new byte[32];

    /** @param pathPrefix where the files are served, e.g. {@code /wan/outputs} */
    public SignedLinks(String pathPrefix, Duration lifetime) {
        this.pathPrefix = Objects.requireNonNull(pathPrefix);
        this.lifetime = Objects.requireNonNull(lifetime);
        new SecureRandom().nextBytes(key);
    }

    /** The path and query of {@code id}'s file, valid until {@code nowMs} + the lifetime. */
    public String issue(String id, long nowMs) {
        long expires = (nowMs + lifetime.toMillis()) / 1000;
        return pathPrefix + "/" + id + ".mp4?Expires=" + expires + "&Signature=" + sign(id, expires);
    }

    /** The id named by a file name ({@code id.mp4}). */
    public static String idOf(String file) { return file.endsWith(".mp4") ? file.substring(0, file.length() - 4) : file; }

    public Verdict check(String id, String expires, String signature, long nowMs) {
        long at;
        try {
            at = Long.parseLong(expires);
        } catch (NumberFormatException | NullPointerException e) {
            return Verdict.FORGED;
        }
        if (signature == null || !MessageDigest.isEqual(sign(id, at).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII)))
            return Verdict.FORGED;
        return nowMs / 1000 >= at ? Verdict.EXPIRED : Verdict.VALID;
    }

    private String sign(String id, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((id + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
