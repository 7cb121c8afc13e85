package io.sorarelay.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Our id of a task: {@code video_<epochMillis>_<random>}, the original's format. The random part
 * (12 base-36 characters, about 62 bits) makes ids unique across nodes without coordination.
 */
public record VideoId(String value) {
    private static final Pattern FORMAT = Pattern.compile("video_[0-9]{1,15}_[0-9a-z]{4,32}");
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int RANDOM_CHARS = 12;
    /** 36^12: every 12-character base-36 suffix, each equally likely. */
    private static final long RANDOM_BOUND = java.math.BigInteger.valueOf(ALPHABET.length).pow(RANDOM_CHARS).longValueExact();

    public VideoId {
        if (value == null || !FORMAT.matcher(value).matches())
            throw new InvalidValueException("videoId", "videoId must look like video_<epochMillis>_<random>");
    }

    public static VideoId generate(Instant now, RandomGenerator random) {
        // One uniform draw below 36^12 (one or two calls into the generator, instead of one per character).
        long n = random.nextLong(RANDOM_BOUND);
        char[] suffix = new char[RANDOM_CHARS];
        for (int i = suffix.length - 1; i >= 0; i--, n /= ALPHABET.length) suffix[i] = ALPHABET[(int) (n % ALPHABET.length)];
        return new VideoId("video_" + now.toEpochMilli() + "_" + new String(suffix));
    }

    /** A path parameter or client field that may be anything: empty when it is not a video id. */
    public static Optional<VideoId> parse(String raw) {
        return raw != null && raw.length() <= 64 && FORMAT.matcher(raw).matches()
                ? Optional.of(new VideoId(raw)) : Optional.empty();
    }

    @Override public String toString() { return value; }
}
