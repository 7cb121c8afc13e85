package io.sorarelay.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An exact frame size in pixels, written {@code WIDTHxHEIGHT} ({@code 1280x720}) in the public API. */
public record FrameSize(int width, int height) {
    private static final Pattern FORM = Pattern.compile("([1-9]\\d{0,4})x([1-9]\\d{0,4})");

    public FrameSize {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("a frame size must be positive");
    }

    public static Optional<FrameSize> parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        return m.matches() ? Optional.of(new FrameSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))) : Optional.empty();
    }

    public AspectRatio aspectRatio() { return new AspectRatio(width, height); }

    public Resolution resolution() { return new Resolution(Math.min(width, height)); }

    @Override public String toString() { return width + "x" + height; }
}
