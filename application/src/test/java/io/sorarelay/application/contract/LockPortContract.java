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

    /** Waits (bounded) until {@code node} can take the lock, as a lock's TTL runs out. */
    private static LockPort.Handle awaitAcquired(LockPort node, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Optional<LockPort.Handle> h = node.tryAcquire(name, Duration.ofSeconds(30));
            if (h.isPresent()) return h.get();
            assertThat(System.nanoTime()).as("the lock expires").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    // Margins are generous (a second or more on each side) so that a loaded machine cannot flip the outcome.
    @Test
    void exclusive_renewable_expiring_and_only_released_by_the_holder() throws Exception {
        LockPort[] nodes = newLocks();
        String name = "contract-" + UUID.randomUUID();
        Optional<LockPort.Handle> a = nodes[0].tryAcquire(name, Duration.ofMillis(3000));
        assertThat(a).isPresent();
        assertThat(nodes[1].tryAcquire(name, Duration.ofSeconds(30))).isEmpty();
        Thread.sleep(1800);
        assertThat(a.get().renew(Duration.ofMillis(3000))).as("renewed while held").isTrue();
        Thread.sleep(1800);
        assertThat(nodes[1].tryAcquire(name, Duration.ofSeconds(30))).as("renewed past its first TTL").isEmpty();
        LockPort.Handle b = awaitAcquired(nodes[1], name);
        assertThat(a.get().renew(Duration.ofSeconds(30))).as("the old holder learns it lost the lock").isFalse();
        a.get().close();
        assertThat(nodes[0].tryAcquire(name, Duration.ofSeconds(30))).as("closing a lost lock releases nothing").isEmpty();
        b.close();
        assertThat(nodes[0].tryAcquire(name, Duration.ofSeconds(30))).isPresent();
    }
}
