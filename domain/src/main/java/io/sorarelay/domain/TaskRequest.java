package io.sorarelay.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything a new task is asked to do, validated. Two requests with equal {@link #fingerprint()}
 * are the same request for idempotency.
 *
 * @param provider which configured upstream serves the task
 */
public record TaskRequest(UserId owner, Prompt prompt, VideoSpec spec, String provider,
                          Optional<ReferenceImage> referenceImage, Lineage lineage) {
    public TaskRequest {
        Objects.requireNonNull(owner);
        Objects.requireNonNull(prompt);
        Objects.requireNonNull(spec);
        Objects.requireNonNull(referenceImage);
        Objects.requireNonNull(lineage);
        if (provider == null || provider.isBlank()) throw new IllegalArgumentException("provider is required");
    }

    /** The request in neutral terms, for a provider to map; today's public API has no negative prompt. */
    public VideoRequest videoRequest() {
        return VideoRequest.of(spec, referenceImage, Optional.empty());
    }

    public RequestFingerprint fingerprint() {
        return RequestFingerprint.of(this);
    }
}
