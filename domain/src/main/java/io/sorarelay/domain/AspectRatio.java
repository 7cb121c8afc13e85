package io.sorarelay.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A frame's shape in lowest terms ({@code 16:9}, {@code 9:16}, {@code 1:1}); equal shapes are equal values. */
public record AspectRatio(int width, int height) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,5}):(\\d{1,5})");

    public AspectRatio {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("an aspect ratio's sides must be positive");
        int d = gcd(width, height);
        width /= d;
        height /= d;
    }

    /** {@code W:H} as the public API writes it, or empty when {@code text} is not of that form. */
    public static java.util.Optional<AspectRatio> parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) return java.util.Optional.empty();
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        return w == 0 || h == 0 ? java.util.Optional.empty() : java.util.Optional.of(new AspectRatio(w, h));
    }

    static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override public String toString() { return width + ":" + height; }
}
