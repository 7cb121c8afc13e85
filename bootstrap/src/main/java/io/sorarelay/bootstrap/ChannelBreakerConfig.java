package io.sorarelay.bootstrap;

import io.sorarelay.adapter.resilience4j.Resilience4jChannelBreakers;
import io.sorarelay.application.port.out.ChannelBreakerPort;

import java.time.Duration;

/**
 * The channels' circuit breakers as the environment sets them: {@code CHANNEL_BREAKER_FAILURES} failed submits in a
 * row open a channel's breaker (default 5, 1..1000), which half-opens after {@code CHANNEL_BREAKER_OPEN_SECONDS}
 * (default 30, 1..86400). Every channel of the node gets the same settings.
 */
public record ChannelBreakerConfig(int failures, Duration openFor) {
    static final int DEFAULT_FAILURES = 5;
    static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);

    public ChannelBreakerConfig {
        if (failures < 1) throw new IllegalArgumentException("failures must be at least 1");
        if (!openFor.isPositive()) throw new IllegalArgumentException("openFor must be positive");
    }

    static ChannelBreakerConfig defaults() { return new ChannelBreakerConfig(DEFAULT_FAILURES, DEFAULT_OPEN_FOR); }

    static ChannelBreakerConfig read(ResultsConfig.Integers integer) {
        return new ChannelBreakerConfig(integer.read("CHANNEL_BREAKER_FAILURES", DEFAULT_FAILURES, 1, 1000),
                Duration.ofSeconds(integer.read("CHANNEL_BREAKER_OPEN_SECONDS", (int) DEFAULT_OPEN_FOR.toSeconds(), 1, 86_400)));
    }

    /** resilience4j's breakers, one per channel on this node, with these settings. */
    ChannelBreakerPort breakers() { return new Resilience4jChannelBreakers(failures, openFor); }
}
