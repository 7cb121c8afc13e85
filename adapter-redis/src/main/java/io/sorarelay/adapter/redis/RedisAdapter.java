package io.sorarelay.adapter.redis;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.RateLimiterPort;
import io.sorarelay.application.port.out.SseTicketPort;
import io.sorarelay.application.port.out.UpstreamBudgetPort;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Supplier;

/** Redis (Jedis, pooled) for what several nodes share: locks, live event fan-out, rate limits, SSE tickets, the upstream budget. */
public final class RedisAdapter implements AutoCloseable {
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final RedisConfig config;
    private final JedisPooled redis;
    private final RedisLocks locks;
    private final RedisEventBus events;
    private final RedisRateLimiter rateLimiter;
    private final RedisSseTickets tickets;
    private final RedisUpstreamBudget upstreamBudget;

    private RedisAdapter(RedisConfig config) {
        this.config = config;
        HostAndPort at = new HostAndPort(config.url().getHost(), config.url().getPort() > 0 ? config.url().getPort() : 6379);
        JedisClientConfig client = clientConfig(config);
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(config.poolSize());
        pool.setMaxWait(config.connectTimeout().plus(config.socketTimeout()));
        pool.setTestWhileIdle(true);
        this.redis = new JedisPooled(pool, at, client);
        this.locks = new RedisLocks(this, config.keyPrefix());
        this.events = new RedisEventBus(this, at, client, config.keyPrefix());
        this.rateLimiter = new RedisRateLimiter(this, config.keyPrefix());
        this.tickets = new RedisSseTickets(this, config.keyPrefix());
        this.upstreamBudget = new RedisUpstreamBudget(this, config.keyPrefix(), InstantSource.system());
    }

    static JedisClientConfig clientConfig(RedisConfig c) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) c.connectTimeout().toMillis())
                .socketTimeoutMillis((int) c.socketTimeout().toMillis())
                .ssl("rediss".equals(c.url().getScheme()));
        String info = c.url().getUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) b.user(info.substring(0, colon));
                b.password(info.substring(colon + 1));
            } else {
                b.password(info);
            }
        }
        String path = c.url().getPath();
        if (path != null && path.length() > 1) b.database(Integer.parseInt(path.substring(1)));
        return b.build();
    }

    public static RedisAdapter connect(RedisConfig config) {
        RedisAdapter a = new RedisAdapter(config);
        a.events.start();
        return a;
    }

    public RedisConfig config() { return config; }

    public LockPort locks() { return locks; }

    /** Publisher and subscriptions of task events across nodes. */
    public RedisEventBus events() { return events; }

    public RateLimiterPort rateLimiter() { return rateLimiter; }

    public SseTicketPort sseTickets() { return tickets; }

    /** The upstream request rate, concurrency cap and 429 pause shared by every node. */
    public UpstreamBudgetPort upstreamBudget() { return upstreamBudget; }

    public boolean isReachable() {
        try {
            return "PONG".equals(redis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    /** Runs a command, turning connection trouble into the port's {@link DependencyUnavailableException}. */
    <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new DependencyUnavailableException("redis", RETRY_AFTER, e);
        }
    }

    JedisPooled redis() { return redis; }

    @Override public void close() {
        events.close();
        redis.close();
    }
}
