package io.sorarelay.domain.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A channel's credential. Only {@link #reveal()} gives the value (to the adapter that puts it in a
 * header); {@link #toString()} names where it came from and never the value, so a channel can be
 * logged, put in an error or described by the admin API without leaking it.
 */
public final class ChannelSecret {
    private final String source;
    private final String value;

    /** @param source where the secret came from, safe to show ({@code ${RUNWAY_KEY}}, {@code SORA_API_KEY}, {@code inline}) */
    public ChannelSecret(String source, String value) {
        this.source = Objects.requireNonNull(source);
        if (value == null || value.isBlank()) throw new IllegalArgumentException("a channel secret must not be empty");
        this.value = value;
    }

    public String source() { return source; }

    public String reveal() { return value; }

    @Override public String toString() { return "ChannelSecret[from " + source + ", redacted]"; }

    @Override public boolean equals(Object o) {
        return o instanceof ChannelSecret s && source.equals(s.source)
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override public int hashCode() { return source.hashCode(); }
}
