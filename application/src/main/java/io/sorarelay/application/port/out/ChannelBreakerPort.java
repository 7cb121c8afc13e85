package io.sorarelay.application.port.out;

import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.channel.ChannelHealth;

/**
 * One circuit breaker per channel, on this node: consecutive failed submits open it (the selection policy then skips
 * the channel), after a cooldown it lets a trial through (half-open), and the trial's outcome closes or reopens it.
 * Only failures that say something about the channel count: a refused connection, a rejected credential, a 5xx or
 * a timeout; a 429 is the budget's business and a request the upstream refused is the request's.
 */
public interface ChannelBreakerPort {

    /** The breaker's state now, as the selection policy reads it. */
    ChannelHealth health(ChannelId channel);

    /** A call to {@code channel} succeeded. */
    void succeeded(ChannelId channel);

    /** A call to {@code channel} failed in a way that counts against it. */
    void failed(ChannelId channel);

    /** No breakers: every channel is always {@link ChannelHealth#CLOSED}. */
    ChannelBreakerPort NONE = new ChannelBreakerPort() {
        @Override public ChannelHealth health(ChannelId channel) { return ChannelHealth.CLOSED; }
        @Override public void succeeded(ChannelId channel) { }
        @Override public void failed(ChannelId channel) { }
    };
}
