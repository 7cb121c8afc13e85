package io.sorarelay.application.port.out;

import java.time.Duration;
import java.util.Optional;

/** Shared counters for request rates: a fixed budget of permits per window for a key. */
public interface RateLimiterPort {
    /**
     * Takes one permit from {@code key}'s budget of {@code permits} per {@code window}.
     * @return empty when allowed, else how long until a permit frees up
     */
    Optional<Duration> tryAcquire(String key, int permits, Duration window);

    /**
     * Gives back the latest permit taken from {@code key}'s budget (e.g. the request turned out to be
     * an idempotent replay, which must not count). Nothing happens if the window holds none.
     */
    void refund(String key, Duration window);
}
