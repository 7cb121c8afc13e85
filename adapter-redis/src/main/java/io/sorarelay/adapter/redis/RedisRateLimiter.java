package io.sorarelay.adapter.redis;

import io.sorarelay.application.port.out.RateLimiterPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sliding-window limit shared by every node (a sorted set per key, one atomic Lua step). While Redis
 * is unreachable each node limits on its own (fail open to a local window), so an outage of the
 * cache never stops users from working.
 */
final class RedisRateLimiter implements RateLimiterPort {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
    /** KEYS[1] window; ARGV now(ms), window(ms), permits, member. Answers 0 when taken, else ms until a permit frees up. */
    private static final String ACQUIRE = """
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            redis.call('zremrangebyscore', KEYS[1], '-inf', now - window)
            if redis.call('zcard', KEYS[1]) < tonumber(ARGV[3]) then
              redis.call('zadd', KEYS[1], now, ARGV[4])
              redis.call('pexpire', KEYS[1], window)
              return 0
            end
            local oldest = redis.call('zrange', KEYS[1], 0, 0, 'WITHSCORES')
            return math.max(1, tonumber(oldest[2]) + window - now)
            """;

    private final RedisAdapter redis;
    private final String prefix;
    private final Map<String, long[]> local = new ConcurrentHashMap<>();

    RedisRateLimiter(RedisAdapter redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix + "rate:";
    }

    @Override
    public Optional<Duration> tryAcquire(String key, int permits, Duration window) {
        long now = System.currentTimeMillis();
        try {
            Object wait = redis.call(() -> redis.redis().eval(ACQUIRE, List.of(prefix + key),
                    List.of(Long.toString(now), Long.toString(window.toMillis()), Integer.toString(permits), now + ":" + UUID.randomUUID())));
            long ms = ((Number) wait).longValue();
            return ms == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
        } catch (RuntimeException e) {
            LOG.warn("shared rate limit unavailable ({}); limiting on this node only", e.getMessage());
            return locally(key, permits, window, now);
        }
    }

    @Override
    public void refund(String key, Duration window) {
        try {
            // The newest member: whichever permit it was, the window's count is what the budget checks.
            redis.call(() -> redis.redis().zpopmax(prefix + key));
        } catch (RuntimeException e) {
            long[] w = local.get(key);
            if (w != null) synchronized (w) { if (w[1] > 0) w[1]--; }
        }
    }

    /** Fixed window per node: {start, count}. */
    private Optional<Duration> locally(String key, int permits, Duration window, long now) {
        long[] w = local.computeIfAbsent(key, k -> new long[] {now, 0});
        synchronized (w) {
            if (now - w[0] >= window.toMillis()) { w[0] = now; w[1] = 0; }
            if (w[1] < permits) { w[1]++; return Optional.empty(); }
            return Optional.of(Duration.ofMillis(Math.max(1, w[0] + window.toMillis() - now)));
        }
    }
}
