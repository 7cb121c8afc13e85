package io.sorarelay.bootstrap.testkit;

import io.sorarelay.adapter.redis.RedisAdapter;
import io.sorarelay.adapter.redis.RedisConfig;
import org.junit.jupiter.api.Assumptions;

import java.util.Optional;

/**
 * The Redis the end-to-end tests share ({@code SORA_TEST_REDIS_URL}, default the local one), under a key prefix of the
 * test's own. Unreachable: the test fails in CI ({@code CI=true}) and is reported aborted elsewhere, never passed.
 */
public final class TestRedis {
    public static final String URL = Optional.ofNullable(System.getenv("SORA_TEST_REDIS_URL")).filter(s -> !s.isBlank())
            .orElse("redis://127.0.0.1:6379");

    private TestRedis() {}

    public static RedisAdapter connect(String prefix) {
        RedisAdapter r = RedisAdapter.connect(RedisConfig.fromUrl(URL).withKeyPrefix(prefix));
        if (!r.isReachable()) {
            r.close();
            String why = "Redis at " + URL + " is required";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(why);
            Assumptions.abort(why);
        }
        return r;
    }
}
