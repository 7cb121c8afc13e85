package io.sorarelay.domain.channel;

/** A channel's circuit breaker as the selection policy sees it. */
public enum ChannelHealth {
    /** Healthy: calls go through. */
    CLOSED,
    /** Failing: no calls until the cooldown ends. */
    OPEN,
    /** The cooldown ended: a call may go through as a trial, and its outcome closes or reopens the breaker. */
    HALF_OPEN
}
