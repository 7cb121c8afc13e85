package io.sorarelay.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One model of the catalogue: its allowed durations and sizes (the first of each is the default),
 * the upstream that serves it, and how long a job typically takes (the poll policy's prior).
 */
public record ModelDefinition(String name, List<String> seconds, List<String> sizes, String provider,
                              Duration expectedDuration) {
    public ModelDefinition {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("model name is required");
        seconds = List.copyOf(seconds);
        sizes = List.copyOf(sizes);
        if (seconds.isEmpty() || sizes.isEmpty()) throw new IllegalArgumentException("a model needs seconds and sizes");
        Objects.requireNonNull(provider);
        Objects.requireNonNull(expectedDuration);
    }
}
