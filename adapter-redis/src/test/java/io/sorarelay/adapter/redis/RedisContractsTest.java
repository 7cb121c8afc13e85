package io.sorarelay.adapter.redis;

import io.sorarelay.application.contract.EventBusContract;
import io.sorarelay.application.contract.LockPortContract;
import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.application.contract.RateLimiterContract;
import io.sorarelay.application.contract.SseTicketContract;
import io.sorarelay.application.contract.UpstreamBudgetContract;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.RateLimiterPort;
import io.sorarelay.application.port.out.SseTicketPort;
import io.sorarelay.application.port.out.UpstreamBudgetPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;

/** The shared lock, SSE-ticket, event-bus, rate-limit and upstream-budget contracts on the local Redis, with two adapters as two nodes. */
class RedisContractsTest {
    private static final String URL = Optional.ofNullable(System.getenv("SORA_TEST_REDIS_URL")).filter(s -> !s.isBlank())
            .orElse("redis://127.0.0.1:6379");
    private static final String PREFIX = "sora-contract-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private static RedisAdapter a;
    private static RedisAdapter b;

    @BeforeAll static void connect() {
        a = RedisAdapter.connect(RedisConfig.fromUrl(URL).withKeyPrefix(PREFIX));
        b = RedisAdapter.connect(RedisConfig.fromUrl(URL).withKeyPrefix(PREFIX));
        if (!a.isReachable()) throw new IllegalStateException("Redis at " + URL + " is required");
    }

    @AfterAll static void close() {
        RedisTtls.deleteAll(a, PREFIX + "*");
        a.close();
        b.close();
    }

    @Nested
    class Locks extends LockPortContract {
        @Override protected LockPort[] newLocks(ManualClock clock) { return new LockPort[] {a.locks(), b.locks()}; }

        /** A lock's TTL is Redis's, not the clock's: the lock keys' TTLs are shortened instead of waited for. */
        @Override protected void elapse(ManualClock clock, Duration d) { RedisTtls.elapse(a, PREFIX + "lock:*", d); }
    }

    @Nested
    class SseTickets extends SseTicketContract {
        @Override protected SseTicketPort[] newTickets(ManualClock clock) { return new SseTicketPort[] {a.sseTickets(), b.sseTickets()}; }

        /** A ticket's TTL is Redis's, not the clock's: the ticket keys' TTLs are shortened instead of waited for. */
        @Override protected void elapse(ManualClock clock, Duration d) { RedisTtls.elapse(a, PREFIX + "ticket:*", d); }
    }

    @Nested
    class Events extends EventBusContract {
        @Override protected Bus newBus() { return new Bus(a.events(), b.events()); }

        @Override protected void awaitSubscribed(Bus bus) throws Exception { RedisAdapterTest.awaitConnected(b.events()); }
    }

    @Nested
    class RateLimits extends RateLimiterContract {
        @Override protected RateLimiterPort[] newLimiters() { return new RateLimiterPort[] {a.rateLimiter(), b.rateLimiter()}; }
    }

    @Nested
    class UpstreamBudget extends UpstreamBudgetContract {
        @Override protected UpstreamBudgetPort[] newBudgets(InstantSource clock) {
            return new UpstreamBudgetPort[] {new RedisUpstreamBudget(a, PREFIX, clock), new RedisUpstreamBudget(b, PREFIX, clock)};
        }
    }
}
