package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.UpstreamBudgetPort;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upstream budget of one process: per provider, the permits out (with their expiry), the start
 * times of recent calls (a sliding window) and the pause. Every step runs under the provider's monitor.
 */
final class InMemoryUpstreamBudget implements UpstreamBudgetPort {
    private final InstantSource clock;
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();

    InMemoryUpstreamBudget(InstantSource clock) { this.clock = clock; }

    private static final class Provider {
        final Map<Object, Instant> permits = new HashMap<>();   // token -> expiry
        final Deque<Instant> started = new ArrayDeque<>();
        Instant pausedUntil = Instant.MIN;
    }

    @Override
    public Admission tryAcquire(String provider, Limits limits) {
        Provider p = providers.computeIfAbsent(provider, k -> new Provider());
        synchronized (p) {
            Instant now = clock.instant();
            if (p.pausedUntil.isAfter(now)) return new Admission.Denied(Reason.PAUSED, Duration.between(now, p.pausedUntil));
            p.permits.values().removeIf(expiry -> !expiry.isAfter(now));
            if (p.permits.size() >= limits.maxConcurrency()) return new Admission.Denied(Reason.CONCURRENCY, limits.busyRetry());
            if (limits.limitsRate()) {
                Instant windowStart = now.minus(limits.window());
                while (!p.started.isEmpty() && !p.started.peekFirst().isAfter(windowStart)) p.started.pollFirst();
                if (p.started.size() >= limits.maxRequests()) {
                    Duration wait = Duration.between(now, p.started.peekFirst().plus(limits.window()));
                    return new Admission.Denied(Reason.RATE, wait.isPositive() ? wait : Duration.ofMillis(1));
                }
                p.started.addLast(now);
            }
            Object token = new Object();
            p.permits.put(token, now.plus(limits.permitTtl()));
            return new Admission.Granted(() -> {
                synchronized (p) { p.permits.remove(token); }
            });
        }
    }

    @Override
    public void pause(String provider, Duration duration) {
        Provider p = providers.computeIfAbsent(provider, k -> new Provider());
        synchronized (p) {
            Instant until = clock.instant().plus(duration);
            if (until.isAfter(p.pausedUntil)) p.pausedUntil = until;
        }
    }

    @Override
    public Optional<Instant> pausedUntil(String provider) {
        Provider p = providers.get(provider);
        if (p == null) return Optional.empty();
        synchronized (p) {
            return p.pausedUntil.isAfter(clock.instant()) ? Optional.of(p.pausedUntil) : Optional.empty();
        }
    }
}
