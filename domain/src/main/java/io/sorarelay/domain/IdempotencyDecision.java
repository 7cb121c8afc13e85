package io.sorarelay.domain;

/** What a repeated idempotency key means: the same request again, or another request reusing the key. */
public sealed interface IdempotencyDecision {
    VideoTask existing();

    record Replay(VideoTask existing) implements IdempotencyDecision {}

    record Conflict(VideoTask existing) implements IdempotencyDecision {}

    static IdempotencyDecision decide(VideoTask existing, RequestFingerprint incoming) {
        return existing.fingerprint().equals(incoming) ? new Replay(existing) : new Conflict(existing);
    }
}
