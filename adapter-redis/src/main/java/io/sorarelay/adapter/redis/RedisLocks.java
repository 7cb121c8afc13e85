package io.sorarelay.adapter.redis;

import io.sorarelay.application.port.out.LockPort;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code SET key token NX PX ttl}; release and renewal only by the holder (compare-and-delete,
 * compare-and-extend in Lua). A lock is an optimisation: writes stay fenced by PostgreSQL's version
 * and lease, so a lock lost in a pause cannot corrupt a task.
 */
final class RedisLocks implements LockPort {
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    private final RedisAdapter redis;
    private final String prefix;

    RedisLocks(RedisAdapter redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix + "lock:";
    }

    @Override
    public Optional<Handle> tryAcquire(String name, Duration ttl) {
        String key = prefix + name;
        String token = UUID.randomUUID().toString();
        String ok = redis.call(() -> redis.redis().set(key, token, SetParams.setParams().nx().px(ttl.toMillis())));
        if (!"OK".equals(ok)) return Optional.empty();
        return Optional.of(new Handle() {
            @Override public String name() { return name; }

            @Override public boolean renew(Duration next) {
                Object r = redis.call(() -> redis.redis().eval(RENEW, List.of(key), List.of(token, Long.toString(next.toMillis()))));
                return Long.valueOf(1).equals(r);
            }

            @Override public void close() {
                try {
                    redis.call(() -> redis.redis().eval(RELEASE, List.of(key), List.of(token)));
                } catch (RuntimeException e) {
                    // unreachable Redis: the lock expires by itself
                }
            }
        });
    }
}
