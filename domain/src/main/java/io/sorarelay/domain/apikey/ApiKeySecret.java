package io.sorarelay.domain.apikey;

import io.sorarelay.domain.InvalidValueException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The secret of an API key: {@code srk_} and 40 base62 characters (about 238 random bits). Only its {@link #hash()}
 * is stored; {@link #prefix()} is kept beside it, for display. {@link #toString()} never shows the secret.
 * <p>
 * SHA-256 rather than a password hash: the secret is random and long, so it cannot be guessed from its hash by trying
 * likely values, which is the attack a slow hash (Argon2) defends against; a fast hash keeps a key's check cheap on
 * every request.
 */
public final class ApiKeySecret {
    public static final String MARK = "srk_";
    private static final int RANDOM_CHARS = 40;
    private static final int PREFIX_CHARS = MARK.length() + 8;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern FORM = Pattern.compile("srk_[0-9A-Za-z]{32,64}");

    private final String value;

    private ApiKeySecret(String value) { this.value = value; }

    /** A new secret from {@code random}, which must be a cryptographic generator (SecureRandom). */
    public static ApiKeySecret generate(RandomGenerator random) {
        StringBuilder s = new StringBuilder(MARK);
        for (int i = 0; i < RANDOM_CHARS; i++) s.append(BASE62.charAt(random.nextInt(BASE62.length())));
        return new ApiKeySecret(s.toString());
    }

    /** A secret as a client presented it. */
    public static ApiKeySecret presented(String text) {
        if (text == null || !FORM.matcher(text).matches()) throw new InvalidValueException("key", "not an API key");
        return new ApiKeySecret(text);
    }

    /** Whether a bearer credential is meant as an API key (rather than a login token). */
    public static boolean looksLikeKey(String bearer) { return bearer.startsWith(MARK); }

    /** The whole secret, to show its creator once. */
    public String reveal() { return value; }

    /** The first characters, safe to show in lists and logs. */
    public String prefix() { return value.substring(0, PREFIX_CHARS); }

    /** SHA-256 of the secret, hex: what the store keeps and looks keys up by. */
    public String hash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override public String toString() { return prefix() + "…(redacted)"; }

    @Override public boolean equals(Object o) { return o instanceof ApiKeySecret s && MessageDigest.isEqual(
            s.value.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII)); }

    @Override public int hashCode() { return value.hashCode(); }
}
