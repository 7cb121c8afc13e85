package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.LockPort;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Named locks with a time to live: exclusive, renewable by their holder, never released by someone else. */
public abstract class LockPortContract {
    /** Two views of one lock space (two nodes, or the same object twice). */
    protected abstract LockPort[] newLocks() throws Exception;

    @Test
    void exclusive_renewable_expiring_and_only_released_by_the_holder() throws Exception {
        LockPort[] nodes = newLocks();
        String name = "contract-" + UUID.randomUUID();
        Optional<LockPort.Handle> a = nodes[0].tryAcquire(name, Duration.ofMillis(400));
        assertThat(a).isPresent();
        assertThat(nodes[1].tryAcquire(name, Duration.ofSeconds(5))).isEmpty();
        Thread.sleep(250);
        assertThat(a.get().renew(Duration.ofMillis(400))).isTrue();
        Thread.sleep(250);
        assertThat(nodes[1].tryAcquire(name, Duration.ofSeconds(5))).as("renewed past its first TTL").isEmpty();
        Thread.sleep(400);
        Optional<LockPort.Handle> b = nodes[1].tryAcquire(name, Duration.ofSeconds(5));
        assertThat(b).as("expired, so another takes it").isPresent();
        assertThat(a.get().renew(Duration.ofSeconds(5))).as("the old holder learns it lost the lock").isFalse();
        a.get().close();
        assertThat(nodes[0].tryAcquire(name, Duration.ofSeconds(5))).as("closing a lost lock releases nothing").isEmpty();
        b.get().close();
        assertThat(nodes[0].tryAcquire(name, Duration.ofSeconds(5))).isPresent();
    }
}
