package io.sorarelay.adapter.redis;

import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.port.out.UpstreamBudgetPort.Admission;
import io.sorarelay.application.port.out.UpstreamBudgetPort.Reason;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** With Redis unreachable the budget fails open to one of this node's own: the engine keeps working, within the cap, and a 429 still pauses. */
class RedisUpstreamBudgetOutageTest {

    @Test
    void an_unreachable_redis_leaves_each_node_a_budget_of_its_own_and_never_blocks() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }   // nobody listens there
        try (RedisAdapter node = RedisAdapter.connect(RedisConfig.fromUrl("redis://127.0.0.1:" + port).withKeyPrefix("sora-outage:"))) {
            UpstreamBudgetPort budget = node.upstreamBudget();
            UpstreamBudgetPort.Limits two = new UpstreamBudgetPort.Limits(2, 0, Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofSeconds(1));
            long started = System.nanoTime();
            Admission first = budget.tryAcquire("default", two);
            assertThat(first).isInstanceOf(Admission.Granted.class);
            assertThat(budget.tryAcquire("default", two)).isInstanceOf(Admission.Granted.class);
            assertThat(budget.tryAcquire("default", two)).isInstanceOfSatisfying(Admission.Denied.class,
                    d -> assertThat(d.reason()).isEqualTo(Reason.CONCURRENCY));
            ((Admission.Granted) first).permit().close();
            assertThat(budget.tryAcquire("default", two)).as("a slot given back locally").isInstanceOf(Admission.Granted.class);

            budget.pause("default", Duration.ofMinutes(1));
            assertThat(budget.pausedUntil("default")).isPresent();
            assertThat(budget.tryAcquire("other", two)).isInstanceOf(Admission.Granted.class);
            assertThat(budget.tryAcquire("default", two)).isInstanceOfSatisfying(Admission.Denied.class,
                    d -> assertThat(d.reason()).isEqualTo(Reason.PAUSED));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answers without waiting for Redis").isLessThan(Duration.ofSeconds(5));
        }
    }
}
