package io.sorarelay.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A video request in neutral terms, for a provider to map onto its own protocol: a duration, a
 * frame shape and resolution (and the exact size when one was asked for), an optional reference
 * image and an optional negative prompt. The public API's {@code seconds}, {@code size} and
 * {@code aspectRatio} arrive here through {@link ModelCatalogue#resolve} and {@link ModelCatalogue#request}.
 *
 * @param exactSize present when the request names pixels (every request of today's public API
 *                  does); a provider that only takes a shape and a tier uses {@link #aspectRatio}
 *                  and {@link #resolution}
 */
public record VideoRequest(String model, int seconds, AspectRatio aspectRatio, Resolution resolution,
                           Optional<FrameSize> exactSize, Optional<ReferenceImage> referenceImage,
                           Optional<String> negativePrompt) {
    public static final int MAX_NEGATIVE_PROMPT_CHARS = 2_000;

    public VideoRequest {
        if (model == null || model.isBlank()) throw new InvalidValueException("model", "model is required");
        if (seconds <= 0) throw new InvalidValueException("seconds", "seconds must be positive");
        Objects.requireNonNull(aspectRatio);
        Objects.requireNonNull(resolution);
        Objects.requireNonNull(exactSize);
        Objects.requireNonNull(referenceImage);
        Objects.requireNonNull(negativePrompt);
        exactSize.ifPresent(size -> {
            if (!size.aspectRatio().equals(aspectRatio) || !size.resolution().equals(resolution))
                throw new IllegalArgumentException("the exact size " + size + " is not " + aspectRatio + " at " + resolution);
        });
        if (negativePrompt.isPresent() && (negativePrompt.get().isBlank() || negativePrompt.get().length() > MAX_NEGATIVE_PROMPT_CHARS))
            throw new InvalidValueException("negativePrompt", "negativePrompt must be 1 to " + MAX_NEGATIVE_PROMPT_CHARS + " characters");
    }

    /** The neutral form of a resolved spec: its size is exact, and the shape and resolution follow from it. */
    public static VideoRequest of(VideoSpec spec, Optional<ReferenceImage> referenceImage, Optional<String> negativePrompt) {
        FrameSize size = spec.frameSize();
        return new VideoRequest(spec.model(), spec.durationSeconds(), size.aspectRatio(), size.resolution(), Optional.of(size),
                referenceImage, negativePrompt);
    }
}
