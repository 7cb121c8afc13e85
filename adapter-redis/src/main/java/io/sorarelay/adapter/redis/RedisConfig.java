package io.sorarelay.adapter.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where Redis is ({@code redis://[user:password@]host:port[/db]}), the prefix of every key and channel,
 * the pool size and the timeouts. {@link #toString()} hides the password.
 */
public record RedisConfig(URI url, String keyPrefix, int poolSize, Duration connectTimeout, Duration socketTimeout) {
    public RedisConfig {
        Objects.requireNonNull(url); Objects.requireNonNull(keyPrefix); Objects.requireNonNull(connectTimeout); Objects.requireNonNull(socketTimeout);
        if (!"redis".equals(url.getScheme()) && !"rediss".equals(url.getScheme())) throw new IllegalArgumentException("REDIS_URL must be redis:// or rediss://");
        if (url.getHost() == null) throw new IllegalArgumentException("REDIS_URL needs a host");
        if (poolSize < 1) throw new IllegalArgumentException("poolSize must be positive");
    }

    public static RedisConfig fromUrl(String url) {
        return new RedisConfig(URI.create(url), "sora:", 16, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    public RedisConfig withKeyPrefix(String prefix) { return new RedisConfig(url, prefix, poolSize, connectTimeout, socketTimeout); }

    public RedisConfig withPoolSize(int n) { return new RedisConfig(url, keyPrefix, n, connectTimeout, socketTimeout); }

    @Override public String toString() {
        return "RedisConfig[url=" + url.getScheme() + "://" + url.getHost() + ":" + url.getPort() + ", keyPrefix=" + keyPrefix + "]";
    }
}
