package io.sorarelay.domain;

/** What is rendered: a model of the catalogue with one of its allowed durations and sizes. */
public record VideoSpec(String model, String seconds, String size) {
    public VideoSpec {
        if (model == null || model.isBlank()) throw new InvalidValueException("model", "model is required");
        if (seconds == null || seconds.isBlank()) throw new InvalidValueException("seconds", "seconds is required");
        if (size == null || size.isBlank()) throw new InvalidValueException("size", "size is required");
    }
}
