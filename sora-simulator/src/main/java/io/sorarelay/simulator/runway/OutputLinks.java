package io.sorarelay.simulator.runway;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Output URLs as Runway hands them out: signed, public (no API key) and short-lived, so a client that stores
 * the URL instead of the video finds it dead a day later. Each task read issues a fresh one, as the SDK's
 * "fetch the task again to get fresh URLs" expects.
 */
final class OutputLinks {
    /** Runway's URLs "expire within 24-48 hours"; the simulator takes the short end. */
    static final Duration LIFETIME = Duration.ofHours(24);

    private final byte[] key = new byte[32];

    OutputLinks() { new SecureRandom().nextBytes(key); }

    /** The path and query of the output of {@code taskId}, valid until {@code nowMs} + {@link #LIFETIME}. */
    String issue(String taskId, long nowMs) {
        long expires = (nowMs + LIFETIME.toMillis()) / 1000;
        return RunwayApi.OUTPUTS + "/" + taskId + ".mp4?expires=" + expires + "&sig=" + sign(taskId, expires);
    }

    enum Verdict { VALID, EXPIRED, FORGED }

    Verdict check(String taskId, String expires, String sig, long nowMs) {
        long at;
        try {
            at = Long.parseLong(expires);
        } catch (NumberFormatException | NullPointerException e) {
            return Verdict.FORGED;
        }
        if (sig == null || !MessageDigest.isEqual(sign(taskId, at).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII)))
            return Verdict.FORGED;
        return nowMs / 1000 >= at ? Verdict.EXPIRED : Verdict.VALID;
    }

    private String sign(String taskId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((taskId + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
