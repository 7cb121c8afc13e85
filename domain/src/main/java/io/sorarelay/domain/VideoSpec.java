package io.sorarelay.domain;

/**
 * What is rendered: a model of the catalogue with one of its allowed durations and sizes, in the
 * public API's own words ({@code seconds}, {@code size}). {@link VideoRequest} says the same in neutral terms.
 */
public record VideoSpec(String model, String seconds, String size) {
    public VideoSpec {
        if (model == null || model.isBlank()) throw new InvalidValueException("model", "model is required");
        if (seconds == null || seconds.isBlank()) throw new InvalidValueException("seconds", "seconds is required");
        if (size == null || size.isBlank()) throw new InvalidValueException("size", "size is required");
    }

    /** {@link #seconds} as a number; the catalogue only offers whole seconds. */
    public int durationSeconds() {
        return parseSeconds(seconds).orElseThrow(() -> new InvalidValueException("seconds", "seconds must be a whole number"));
    }

    public FrameSize frameSize() {
        return FrameSize.parse(size).orElseThrow(() -> new InvalidValueException("size", "size must be WIDTHxHEIGHT, e.g. 1280x720"));
    }

    static java.util.Optional<Integer> parseSeconds(String text) {
        if (text == null || !text.strip().matches("[1-9]\\d{0,3}")) return java.util.Optional.empty();
        return java.util.Optional.of(Integer.parseInt(text.strip()));
    }
}
