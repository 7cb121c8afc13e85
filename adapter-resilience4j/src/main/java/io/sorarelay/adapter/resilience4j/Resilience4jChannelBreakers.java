package io.sorarelay.adapter.resilience4j;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.sorarelay.application.port.out.ChannelBreakerPort;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.channel.ChannelHealth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A resilience4j circuit breaker per channel, on this node. It opens after {@code failuresToOpen} failed calls in a
 * row (a count window of that size at a 100% failure rate: one success in it keeps it closed), lets one trial call
 * through after {@code cooldown} (half-open, entered on its own so the selection policy sees the channel again) and
 * closes when the trial succeeds. Each change of state is logged in one line naming the channel id only.
 */
public final class Resilience4jChannelBreakers implements ChannelBreakerPort {
    private static final System.Logger LOG = System.getLogger(Resilience4jChannelBreakers.class.getName());
    /** resilience4j counts a failure with a throwable; ours carry no information, so one shared and stackless. */
    private static final Exception FAILED_CALL = new Exception("channel call failed", null, false, false) {};

    private final CircuitBreakerConfig config;
    private final Map<ChannelId, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public Resilience4jChannelBreakers(int failuresToOpen, Duration cooldown) {
        if (failuresToOpen < 1) throw new IllegalArgumentException("failuresToOpen must be at least 1");
        if (!cooldown.isPositive()) throw new IllegalArgumentException("cooldown must be positive");
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failuresToOpen)
                .minimumNumberOfCalls(failuresToOpen)
                .failureRateThreshold(100)
                .waitDurationInOpenState(cooldown)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
    }

    private CircuitBreaker breaker(ChannelId channel) {
        return breakers.computeIfAbsent(channel, id -> {
            CircuitBreaker b = CircuitBreaker.of(id.value(), config);
            b.getEventPublisher().onStateTransition(e -> LOG.log(System.Logger.Level.WARNING,
                    "channel " + channel + " breaker " + e.getStateTransition().getFromState() + " -> " + e.getStateTransition().getToState()));
            return b;
        });
    }

    @Override public ChannelHealth health(ChannelId channel) {
        return switch (breaker(channel).getState()) {
            case OPEN, FORCED_OPEN -> ChannelHealth.OPEN;
            case HALF_OPEN -> ChannelHealth.HALF_OPEN;
            case CLOSED, DISABLED, METRICS_ONLY -> ChannelHealth.CLOSED;
        };
    }

    @Override public void succeeded(ChannelId channel) { breaker(channel).onSuccess(0, TimeUnit.NANOSECONDS); }

    @Override public void failed(ChannelId channel) { breaker(channel).onError(0, TimeUnit.NANOSECONDS, FAILED_CALL); }
}
