package io.sorarelay.domain.channel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the selection policy knows of a channel at one moment: its breaker, its jobs in flight
 * (against {@link Channel#maxConcurrent()}) and the pause a 429 imposed.
 */
public record ChannelStatus(ChannelHealth health, int inFlight, Optional<Instant> pausedUntil) {
    /** A channel nothing is known about: healthy, idle, not paused. */
    public static final ChannelStatus IDLE = new ChannelStatus(ChannelHealth.CLOSED, 0, Optional.empty());

    public ChannelStatus {
        Objects.requireNonNull(health);
        Objects.requireNonNull(pausedUntil);
        if (inFlight < 0) throw new IllegalArgumentException("in flight must not be negative");
    }

    boolean paused(Instant now) {
        return pausedUntil.filter(now::isBefore).isPresent();
    }
}
