package io.sorarelay.domain;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One model of the catalogue: its allowed durations and sizes (the first of each is the default),
 * the upstream that serves it, how long a job typically takes (the poll policy's prior), what its
 * provider can do and what it costs.
 */
public record ModelDefinition(String name, List<String> seconds, List<String> sizes, String provider,
                              Duration expectedDuration, Capabilities capabilities, Price price) {
    public ModelDefinition {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("model name is required");
        seconds = List.copyOf(seconds);
        sizes = List.copyOf(sizes);
        if (seconds.isEmpty() || sizes.isEmpty()) throw new IllegalArgumentException("a model needs seconds and sizes");
        for (String s : seconds)
            if (VideoSpec.parseSeconds(s).isEmpty()) throw new IllegalArgumentException("seconds '" + s + "' is not a whole number of seconds");
        for (String s : sizes)
            if (FrameSize.parse(s).isEmpty()) throw new IllegalArgumentException("size '" + s + "' is not WIDTHxHEIGHT");
        Objects.requireNonNull(provider);
        Objects.requireNonNull(expectedDuration);
        Objects.requireNonNull(capabilities);
        Objects.requireNonNull(price);
    }

    /** A model that speaks OpenAI's Videos API and is not priced (as {@code EXTRA_MODELS} adds them). */
    public ModelDefinition(String name, List<String> seconds, List<String> sizes, String provider, Duration expectedDuration) {
        this(name, seconds, sizes, provider, expectedDuration, Capabilities.OPENAI_VIDEOS, Price.FREE);
    }

    public ModelDefinition withExpectedDuration(Duration expected) {
        return new ModelDefinition(name, seconds, sizes, provider, expected, capabilities, price);
    }

    public ModelDefinition withCapabilities(Capabilities next) {
        return new ModelDefinition(name, seconds, sizes, provider, expectedDuration, next, price);
    }

    public ModelDefinition withPrice(Price next) {
        return new ModelDefinition(name, seconds, sizes, provider, expectedDuration, capabilities, next);
    }

    /** The shapes of the model's sizes, in the order of its sizes, each once. */
    public List<AspectRatio> aspectRatios() {
        LinkedHashSet<AspectRatio> out = new LinkedHashSet<>();
        for (String s : sizes) out.add(FrameSize.parse(s).orElseThrow().aspectRatio());
        return List.copyOf(out);
    }

    /** The first of the model's sizes with that shape. */
    public java.util.Optional<String> sizeWith(AspectRatio ratio) {
        return sizes.stream().filter(s -> FrameSize.parse(s).orElseThrow().aspectRatio().equals(ratio)).findFirst();
    }
}
