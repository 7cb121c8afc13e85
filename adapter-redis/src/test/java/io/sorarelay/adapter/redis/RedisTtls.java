package io.sorarelay.adapter.redis;

import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lets time pass for keys with a TTL without waiting for it: every key matching a pattern has its TTL shortened by
 * the elapsed time, and a key whose TTL runs out is deleted, as Redis would when that time had passed. What the
 * adapter sets (PX, PEXPIRE) is real; only the waiting is skipped.
 */
final class RedisTtls {
    private static final String SHORTEN = """
            local left = redis.call('pttl', KEYS[1])
            if left < 0 then return 0 end
            left = left - tonumber(ARGV[1])
            if left <= 0 then redis.call('del', KEYS[1]) else redis.call('pexpire', KEYS[1], left) end
            return 1""";

    private RedisTtls() {}

    static void elapse(RedisAdapter redis, String pattern, Duration d) {
        forEachKey(redis, pattern, key -> redis.redis().eval(SHORTEN, List.of(key), List.of(Long.toString(d.toMillis()))));
    }

    /** Deletes a test run's keys, so that the shared Redis keeps none of them. */
    static void deleteAll(RedisAdapter redis, String pattern) {
        forEachKey(redis, pattern, key -> redis.redis().del(key));
    }

    private static void forEachKey(RedisAdapter redis, String pattern, Consumer<String> action) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.redis().scan(cursor, new ScanParams().match(pattern).count(500));
            page.getResult().forEach(action);
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
}
