package io.sorarelay.adapter.redis;

import io.sorarelay.application.port.out.TaskEventPublisher;
import io.sorarelay.application.port.out.TaskEventSubscriptionPort;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Task events across nodes over Redis pub/sub: each stored event is published once on the prefix's
 * channel; one subscriber connection per node hands it to that node's streams of the owner. Pub/sub
 * may lose messages (a reconnect, a restart): the streams fill any gap from the durable event log,
 * so this is only ever the fast path.
 */
public final class RedisEventBus implements TaskEventPublisher, TaskEventSubscriptionPort, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisEventBus.class);

    private final RedisAdapter redis;
    private final HostAndPort at;
    private final JedisClientConfig subscriberConfig;
    private final String channel;
    private final Map<UserId, Set<Consumer<TaskEvent>>> listeners = new ConcurrentHashMap<>();
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile JedisPubSub current;
    private Thread subscriber;
    private Thread pinger;

    RedisEventBus(RedisAdapter redis, HostAndPort at, JedisClientConfig base, String prefix) {
        this.redis = redis;
        this.at = at;
        this.channel = prefix + "task-events";
        this.subscriberConfig = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(base.getConnectionTimeoutMillis())
                .socketTimeoutMillis(30_000)    // pinged every 10 s: a silent connection is a dead one
                .user(base.getUser()).password(base.getPassword()).database(base.getDatabase()).ssl(base.isSsl())
                .build();
    }

    void start() {
        subscriber = Thread.ofVirtual().name("redis-events").start(this::subscribeLoop);
        pinger = Thread.ofVirtual().name("redis-events-ping").start(this::pingLoop);
    }

    /** Whether this node currently receives fan-out (false during an outage: streams then read the log). */
    public boolean connected() { return connected; }

    @Override
    public void publish(TaskEvent event) {
        String json = EventCodec.write(event);
        redis.call(() -> redis.redis().publish(channel, json));
    }

    @Override
    public Subscription subscribe(UserId owner, Consumer<TaskEvent> listener) {
        listeners.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> listeners.computeIfPresent(owner, (o, s) -> {
            s.remove(listener);
            return s.isEmpty() ? null : s;
        });
    }

    private void subscribeLoop() {
        int failures = 0;
        while (!closed) {
            try (Jedis jedis = new Jedis(at, subscriberConfig)) {
                JedisPubSub pubsub = new JedisPubSub() {
                    @Override public void onSubscribe(String ch, int count) {
                        connected = true;
                        LOG.info("subscribed to task events");
                    }

                    @Override public void onMessage(String ch, String message) { dispatch(message); }
                };
                current = pubsub;
                failures = 0;
                jedis.subscribe(pubsub, channel);   // blocks until unsubscribed or the connection breaks
            } catch (RuntimeException e) {
                if (closed) return;
                failures++;
                if (connected || failures == 1) LOG.warn("task-event subscription lost ({}); resubscribing", e.toString());
            } finally {
                connected = false;
                current = null;
            }
            sleep(Duration.ofMillis(Math.min(5_000, 100L << Math.min(failures, 6))));
        }
    }

    private void pingLoop() {
        while (!closed) {
            sleep(Duration.ofSeconds(10));
            JedisPubSub p = current;
            try {
                if (p != null && p.isSubscribed()) p.ping();
            } catch (RuntimeException e) {
                // the subscriber notices the broken connection itself
            }
        }
    }

    private void dispatch(String message) {
        TaskEvent event;
        try {
            event = EventCodec.read(message);
        } catch (Exception e) {
            LOG.warn("unreadable task event on {}: {}", channel, e.toString());
            return;
        }
        for (Consumer<TaskEvent> l : listeners.getOrDefault(event.owner(), Set.of())) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a stream failed to take an event: {}", e.toString());
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public void close() {
        closed = true;
        JedisPubSub p = current;
        try {
            if (p != null && p.isSubscribed()) p.unsubscribe();
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        if (subscriber != null) subscriber.interrupt();
        if (pinger != null) pinger.interrupt();
    }
}
