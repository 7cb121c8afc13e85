package io.sorarelay.adapter.redis;

import io.sorarelay.application.port.out.UpstreamBudgetPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The upstream budget shared by every node. Per provider (keys hash-tagged by provider, so one slot):
 * a sorted set of permit tokens scored by their expiry (the concurrency cap; a dead node's tokens
 * fall out by score), a sorted set of call start times (the sliding rate window) and a key holding
 * the end of the pause (with a PX so it cleans itself up). One Lua step checks and takes atomically.
 *
 * <p>Times are this node's clock, passed to the scripts, so every node must keep its clock in sync
 * (NTP) — the same assumption the rate limiter makes. While Redis is unreachable each node keeps a
 * budget of its own (fail open: each node then allows up to the whole cap itself) and retries Redis
 * a second later, so an outage of the cache never stops the engine.
 */
final class RedisUpstreamBudget implements UpstreamBudgetPort {
    private static final Logger LOG = LoggerFactory.getLogger(RedisUpstreamBudget.class);
    private static final long RECHECK_MS = 1000;
    /** Extra life of the keys after their last use, so a slow script never finds them gone too early. */
    private static final long KEY_SLACK_MS = 5000;

    /**
     * KEYS permits, starts, pause; ARGV now, maxConcurrency, maxRequests, window, permitTtl, token, busyRetry, slack (ms).
     * Answers {0, 0} when granted, else {reason (1 paused, 2 concurrency, 3 rate), ms to wait}.
     */
    private static final String ACQUIRE = """
            local now = tonumber(ARGV[1])
            local paused = tonumber(redis.call('get', KEYS[3]) or '0')
            if paused > now then return {1, paused - now} end
            redis.call('zremrangebyscore', KEYS[1], '-inf', now)
            if redis.call('zcard', KEYS[1]) >= tonumber(ARGV[2]) then return {2, tonumber(ARGV[7])} end
            local maxRequests = tonumber(ARGV[3])
            if maxRequests > 0 then
              local window = tonumber(ARGV[4])
              redis.call('zremrangebyscore', KEYS[2], '-inf', now - window)
              if redis.call('zcard', KEYS[2]) >= maxRequests then
                local oldest = redis.call('zrange', KEYS[2], 0, 0, 'WITHSCORES')
                return {3, math.max(1, tonumber(oldest[2]) + window - now)}
              end
              redis.call('zadd', KEYS[2], now, ARGV[6])
              redis.call('pexpire', KEYS[2], window + tonumber(ARGV[8]))
            end
            redis.call('zadd', KEYS[1], now + tonumber(ARGV[5]), ARGV[6])
            redis.call('pexpire', KEYS[1], tonumber(ARGV[5]) + tonumber(ARGV[8]))
            return {0, 0}
            """;
    /** KEYS pause; ARGV until, px (ms). Only ever extends the pause. */
    private static final String PAUSE = """
            local current = tonumber(redis.call('get', KEYS[1]) or '0')
            if tonumber(ARGV[1]) > current then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
            return 0
            """;

    private final RedisAdapter redis;
    private final String prefix;
    private final InstantSource clock;
    private final AtomicLong redisDownUntilNanos = new AtomicLong(System.nanoTime());
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final Map<String, LocalBudget> local = new ConcurrentHashMap<>();

    RedisUpstreamBudget(RedisAdapter redis, String prefix, InstantSource clock) {
        this.redis = redis;
        this.prefix = prefix + "upstream:";
        this.clock = clock;
    }

    private String key(String provider, String what) { return prefix + "{" + provider + "}:" + what; }

    @Override
    public Admission tryAcquire(String provider, Limits limits) {
        long now = clock.millis();
        LocalBudget mine = local(provider);
        long localPause = mine.pausedUntil();
        if (localPause > now) return new Admission.Denied(Reason.PAUSED, Duration.ofMillis(localPause - now));
        if (redisMayBeUp()) {
            try {
                String permits = key(provider, "permits");
                String token = UUID.randomUUID().toString();
                List<?> answer = (List<?>) redis.call(() -> redis.redis().eval(ACQUIRE,
                        List.of(permits, key(provider, "starts"), key(provider, "pause")),
                        List.of(Long.toString(now), Integer.toString(limits.maxConcurrency()), Integer.toString(limits.maxRequests()),
                                Long.toString(limits.window().toMillis()), Long.toString(limits.permitTtl().toMillis()), token,
                                Long.toString(limits.busyRetry().toMillis()), Long.toString(KEY_SLACK_MS))));
                redisUp();
                long reason = ((Number) answer.get(0)).longValue();
                long waitMs = Math.max(1, ((Number) answer.get(1)).longValue());
                if (reason == 0) return new Admission.Granted(new SharedPermit(permits, token));
                return new Admission.Denied(reason == 1 ? Reason.PAUSED : reason == 2 ? Reason.CONCURRENCY : Reason.RATE,
                        Duration.ofMillis(waitMs));
            } catch (RuntimeException e) {
                redisDown(e);
            }
        }
        return mine.tryAcquire(limits, now);
    }

    @Override
    public void pause(String provider, Duration duration) {
        long until = clock.millis() + duration.toMillis();
        // Also kept here: this node holds back even if Redis is (or goes) down.
        local(provider).pause(until);
        if (!redisMayBeUp()) return;
        try {
            redis.call(() -> redis.redis().eval(PAUSE, List.of(key(provider, "pause")),
                    List.of(Long.toString(until), Long.toString(Math.max(1, duration.toMillis()) + KEY_SLACK_MS))));
            redisUp();
        } catch (RuntimeException e) {
            redisDown(e);
        }
    }

    @Override
    public Optional<Instant> pausedUntil(String provider) {
        long now = clock.millis();
        long until = local(provider).pausedUntil();
        if (redisMayBeUp()) {
            try {
                String shared = redis.call(() -> redis.redis().get(key(provider, "pause")));
                redisUp();
                if (shared != null) until = Math.max(until, Long.parseLong(shared));
            } catch (RuntimeException e) {
                redisDown(e);
            }
        }
        return until > now ? Optional.of(Instant.ofEpochMilli(until)) : Optional.empty();
    }

    private LocalBudget local(String provider) { return local.computeIfAbsent(provider, k -> new LocalBudget()); }

    private boolean redisMayBeUp() { return System.nanoTime() - redisDownUntilNanos.get() >= 0; }

    private void redisUp() {
        if (degraded.compareAndSet(true, false)) LOG.info("shared upstream budget reachable again");
    }

    private void redisDown(RuntimeException e) {
        redisDownUntilNanos.set(System.nanoTime() + RECHECK_MS * 1_000_000);
        if (degraded.compareAndSet(false, true))
            LOG.warn("shared upstream budget unavailable ({}); this node keeps a budget of its own until Redis answers", e.getMessage());
    }

    /** A permit held in Redis; if Redis cannot be told, the token expires by its score. */
    private final class SharedPermit implements Permit {
        private final String key;
        private final String token;
        private final AtomicBoolean closed = new AtomicBoolean();

        SharedPermit(String key, String token) { this.key = key; this.token = token; }

        @Override public void close() {
            if (!closed.compareAndSet(false, true)) return;
            try {
                redis.call(() -> redis.redis().zrem(key, token));
            } catch (RuntimeException e) {
                LOG.debug("permit {} not given back ({}); it expires by itself", token, e.getMessage());
            }
        }
    }

    /** This node's budget while Redis is away: tokens with expiries, start times, the pause (epoch ms). */
    private static final class LocalBudget {
        private final Map<Object, Long> permits = new HashMap<>();
        private final ArrayDeque<Long> starts = new ArrayDeque<>();
        private long pausedUntil;

        synchronized long pausedUntil() { return pausedUntil; }

        synchronized void pause(long until) { pausedUntil = Math.max(pausedUntil, until); }

        synchronized Admission tryAcquire(Limits limits, long now) {
            permits.values().removeIf(expiry -> expiry <= now);
            if (permits.size() >= limits.maxConcurrency()) return new Admission.Denied(Reason.CONCURRENCY, limits.busyRetry());
            if (limits.limitsRate()) {
                long window = limits.window().toMillis();
                while (!starts.isEmpty() && starts.peekFirst() <= now - window) starts.pollFirst();
                if (starts.size() >= limits.maxRequests())
                    return new Admission.Denied(Reason.RATE, Duration.ofMillis(Math.max(1, starts.peekFirst() + window - now)));
                starts.addLast(now);
            }
            Object token = new Object();
            permits.put(token, now + limits.permitTtl().toMillis());
            return new Admission.Granted(() -> {
                synchronized (LocalBudget.this) { permits.remove(token); }
            });
        }
    }
}
