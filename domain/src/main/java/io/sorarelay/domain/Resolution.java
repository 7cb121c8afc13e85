package io.sorarelay.domain;

/** A frame's short side in pixels, as providers name their tiers ({@code 720p}, {@code 1080p}). */
public record Resolution(int lines) {
    public Resolution {
        if (lines <= 0) throw new IllegalArgumentException("a resolution must be positive");
    }

    @Override public String toString() { return lines + "p"; }
}
