package io.sorarelay.adapter.redis;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.TaskEventSubscriptionPort;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Against the local Redis (SORA_TEST_REDIS_URL, default redis://127.0.0.1:6379) with a key prefix of
 * its own; two adapters play two nodes. Outages use a private redis-server on another port.
 */
class RedisAdapterTest {
    private static final String URL = Optional.ofNullable(System.getenv("SORA_TEST_REDIS_URL")).filter(s -> !s.isBlank())
            .orElse("redis://127.0.0.1:6379");
    private static final String PREFIX = "sora-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static RedisAdapter nodeA;
    private static RedisAdapter nodeB;

    @BeforeAll
    static void connect() {
        nodeA = RedisAdapter.connect(RedisConfig.fromUrl(URL).withKeyPrefix(PREFIX));
        nodeB = RedisAdapter.connect(RedisConfig.fromUrl(URL).withKeyPrefix(PREFIX));
        // Fails (never skips) when Redis is not there: the tests below need it.
        assertThat(nodeA.isReachable()).as("Redis at %s is required", URL).isTrue();
    }

    @AfterAll
    static void cleanUp() {
        try (JedisPooled j = new JedisPooled(java.net.URI.create(URL))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = j.scan(cursor, new ScanParams().match(PREFIX + "*").count(500));
                if (!page.getResult().isEmpty()) j.del(page.getResult().toArray(String[]::new));
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        nodeA.close();
        nodeB.close();
    }

    static TaskEvent event(long id, UserId owner) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new TaskEvent(id, owner, new TaskView("video_1_x", "crid", "ext_1", "generate", TaskStatus.FAILED, 40, "sora-2", "p", "4",
                "1280x720", null, null, null, new TaskError("moderation_blocked", "no"), now, now.plusSeconds(1), null, 3, "default"), now.plusSeconds(1));
    }

    @Test
    void an_event_published_on_one_node_reaches_the_owners_listeners_on_the_other() throws Exception {
        UserId alice = new UserId("usr_alice_" + UUID.randomUUID());
        UserId bob = new UserId("usr_bob_" + UUID.randomUUID());
        BlockingQueue<TaskEvent> aliceGot = new LinkedBlockingQueue<>();
        BlockingQueue<TaskEvent> bobGot = new LinkedBlockingQueue<>();
        awaitConnected(nodeB.events());
        try (TaskEventSubscriptionPort.Subscription s1 = nodeB.events().subscribe(alice, aliceGot::add);
             TaskEventSubscriptionPort.Subscription s2 = nodeB.events().subscribe(bob, bobGot::add)) {
            TaskEvent toAlice = event(7, alice);
            TaskEvent toBob = event(8, bob);
            nodeA.events().publish(toAlice);
            nodeA.events().publish(toBob);
            // One subscriber connection receives both in publishing order: once Bob's has come, Alice's was dispatched.
            await().atMost(WAIT).until(() -> !bobGot.isEmpty());
            assertThat(bobGot).as("only the owner's streams").containsExactly(toBob);
            assertThat(aliceGot).containsExactly(toAlice);
        }
    }

    static void awaitConnected(RedisEventBus bus) {
        await("subscribed").atMost(Duration.ofSeconds(20)).until(bus::connected);
    }

    @Test
    void the_rate_limit_is_shared_by_all_nodes() {
        String key = "user-" + UUID.randomUUID();
        assertThat(nodeA.rateLimiter().tryAcquire(key, 3, Duration.ofMinutes(1))).isEmpty();
        assertThat(nodeB.rateLimiter().tryAcquire(key, 3, Duration.ofMinutes(1))).isEmpty();
        assertThat(nodeA.rateLimiter().tryAcquire(key, 3, Duration.ofMinutes(1))).isEmpty();
        Optional<Duration> wait = nodeB.rateLimiter().tryAcquire(key, 3, Duration.ofMinutes(1));
        assertThat(wait).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
    }

    @Test
    void an_outage_fails_fast_and_the_subscriber_comes_back_by_itself() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        Process server = privateRedis(port);
        try (RedisAdapter node = RedisAdapter.connect(RedisConfig.fromUrl("redis://127.0.0.1:" + port).withKeyPrefix(PREFIX))) {
            awaitConnected(node.events());
            UserId owner = new UserId("usr_outage");
            BlockingQueue<TaskEvent> got = new LinkedBlockingQueue<>();
            node.events().subscribe(owner, got::add);

            server.destroyForcibly().waitFor();
            assertThatThrownBy(() -> node.sseTickets().store("x", owner, Duration.ofSeconds(5)))
                    .isInstanceOf(DependencyUnavailableException.class);
            assertThat(node.isReachable()).isFalse();
            assertThat(node.rateLimiter().tryAcquire("k", 1, Duration.ofMinutes(1))).as("limits fall back to this node").isEmpty();
            await("the subscriber notices the outage").atMost(WAIT).until(() -> !node.events().connected());

            server = privateRedis(port);
            awaitConnected(node.events());
            node.events().publish(event(1, owner));
            assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("delivery resumed after the outage").isNotNull();
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    private static Process privateRedis(int port) throws Exception {
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await("redis-server started").atMost(WAIT).ignoreExceptionsInstanceOf(java.io.IOException.class).until(() -> {
            assertThat(p.isAlive()).as("redis-server runs").isTrue();
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return p;
    }
}
