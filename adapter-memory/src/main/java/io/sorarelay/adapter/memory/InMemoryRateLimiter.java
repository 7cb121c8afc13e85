package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.RateLimiterPort;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A sliding-window limiter in memory: at most {@code permits} acquisitions per key within any {@code window}. */
public final class InMemoryRateLimiter implements RateLimiterPort {
    private final InstantSource clock;
    private final Map<String, Deque<Instant>> windows = new ConcurrentHashMap<>();

    public InMemoryRateLimiter(InstantSource clock) { this.clock = clock; }

    @Override
    public Optional<Duration> tryAcquire(String key, int permits, Duration window) {
        if (permits < 1) throw new IllegalArgumentException("permits must be positive");
        Deque<Instant> taken = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (taken) {
            Instant now = clock.instant();
            Instant start = now.minus(window);
            while (!taken.isEmpty() && !taken.peekFirst().isAfter(start)) taken.pollFirst();
            if (taken.size() < permits) {
                taken.addLast(now);
                return Optional.empty();
            }
            Duration wait = Duration.between(now, taken.peekFirst().plus(window));
            return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait);
        }
    }

    @Override
    public void refund(String key, Duration window) {
        Deque<Instant> taken = windows.get(key);
        if (taken == null) return;
        synchronized (taken) {
            Instant start = clock.instant().minus(window);
            if (!taken.isEmpty() && taken.peekLast().isAfter(start)) taken.pollLast();
        }
    }
}
