package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.LockPort;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Named locks with a time to live, within one process. */
public final class InProcessLocks implements LockPort {
    private record Held(String token, Instant until) {}

    private final InstantSource clock;
    private final Map<String, Held> locks = new ConcurrentHashMap<>();

    public InProcessLocks(InstantSource clock) { this.clock = clock; }

    @Override
    public Optional<Handle> tryAcquire(String name, Duration ttl) {
        String token = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Held mine = new Held(token, now.plus(ttl));
        Held result = locks.compute(name, (n, held) -> held == null || !held.until().isAfter(now) ? mine : held);
        if (result != mine) return Optional.empty();
        return Optional.of(new Handle() {
            @Override public String name() { return name; }

            @Override public boolean renew(Duration next) {
                Instant at = clock.instant();
                Held renewed = new Held(token, at.plus(next));
                Held r = locks.computeIfPresent(name, (n, held) -> held.token().equals(token) && held.until().isAfter(at) ? renewed : held);
                return r == renewed;
            }

            @Override public void close() { locks.computeIfPresent(name, (n, held) -> held.token().equals(token) ? null : held); }
        });
    }
}
