package io.sorarelay.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything a new task is asked to do, validated. Two requests with equal {@link #fingerprint()}
 * are the same request for idempotency.
 *
 * @param provider          which configured upstream serves the task
 * @param negativePrompt    what the video should not show, for a model whose capabilities take one (stored with the task,
 *                          so a submit after a restart or a retry sends it again)
 * @param progressEstimated whether the model's provider reports no progress figure, so the relay estimates it
 *                          ({@link ProgressEstimate}); fixed from the catalogue when the task is made
 */
public record TaskRequest(UserId owner, Prompt prompt, VideoSpec spec, String provider,
                          Optional<ReferenceImage> referenceImage, Lineage lineage, Optional<String> negativePrompt,
                          boolean progressEstimated) {
    public TaskRequest {
        Objects.requireNonNull(owner);
        Objects.requireNonNull(negativePrompt);
        negativePrompt = negativePrompt.filter(p -> !p.isBlank());
        if (negativePrompt.isPresent() && negativePrompt.get().length() > VideoRequest.MAX_NEGATIVE_PROMPT_CHARS)
            throw new InvalidValueException("negativePrompt",
                    "negativePrompt must be at most " + VideoRequest.MAX_NEGATIVE_PROMPT_CHARS + " characters");
        Objects.requireNonNull(prompt);
        Objects.requireNonNull(spec);
        Objects.requireNonNull(referenceImage);
        Objects.requireNonNull(lineage);
        if (provider == null || provider.isBlank()) throw new IllegalArgumentException("provider is required");
    }

    /** A request without a negative prompt, whose provider reports progress. */
    public TaskRequest(UserId owner, Prompt prompt, VideoSpec spec, String provider, Optional<ReferenceImage> referenceImage,
                       Lineage lineage) {
        this(owner, prompt, spec, provider, referenceImage, lineage, Optional.empty(), false);
    }

    /** The request in neutral terms, for a provider to map. */
    public VideoRequest videoRequest() {
        return VideoRequest.of(spec, referenceImage, negativePrompt);
    }

    public RequestFingerprint fingerprint() {
        return RequestFingerprint.of(this);
    }
}
