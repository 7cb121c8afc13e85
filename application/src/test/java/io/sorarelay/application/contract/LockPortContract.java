package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.LockPort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named locks with a time to live: exclusive, renewable by their holder, never released by someone else. Time passes
 * through {@link #elapse}, never by waiting, so a TTL can be long (a loaded machine cannot flip an outcome) and the
 * suite still takes no time.
 */
public abstract class LockPortContract {
    private static final Duration TTL = Duration.ofSeconds(30);
    /** Wide enough for the real time a loaded machine spends between two steps, where TTLs run on a server's clock. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    /** Two views of one lock space (two nodes, or the same object twice), both on {@code clock}. */
    protected abstract LockPort[] newLocks(ManualClock clock) throws Exception;

    /**
     * Lets {@code d} pass for the locks. The clock moves; an adapter whose TTLs the clock does not rule (Redis keys)
     * also shortens them by {@code d}.
     */
    protected void elapse(ManualClock clock, Duration d) throws Exception { clock.advance(d); }

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private LockPort a;
    private LockPort b;
    private String name;

    @BeforeEach
    void nodes() throws Exception {
        LockPort[] nodes = newLocks(clock);
        a = nodes[0];
        b = nodes[1];
        name = "contract-" + UUID.randomUUID();
    }

    @Test
    void a_lock_is_exclusive_and_its_holder_keeps_it_past_the_first_ttl_by_renewing() throws Exception {
        Optional<LockPort.Handle> held = a.tryAcquire(name, TTL);
        assertThat(held).isPresent();
        assertThat(held.get().name()).isEqualTo(name);
        assertThat(b.tryAcquire(name, TTL)).as("held by the other node").isEmpty();
        assertThat(a.tryAcquire(name, TTL)).as("held, even for the same node").isEmpty();

        elapse(clock, Duration.ofSeconds(20));
        assertThat(held.get().renew(TTL)).as("renewed while held").isTrue();
        elapse(clock, Duration.ofSeconds(20));
        assertThat(b.tryAcquire(name, TTL)).as("renewed past its first TTL").isEmpty();
    }

    @Test
    void a_lock_expires_after_its_ttl_and_the_old_holder_can_neither_renew_nor_release_the_new_one() throws Exception {
        LockPort.Handle first = a.tryAcquire(name, TTL).orElseThrow();
        elapse(clock, TTL.minus(MARGIN));
        assertThat(b.tryAcquire(name, TTL)).as("shortly before the TTL runs out").isEmpty();
        elapse(clock, MARGIN);

        Optional<LockPort.Handle> second = b.tryAcquire(name, TTL);
        assertThat(second).as("taken once the TTL ran out").isPresent();
        assertThat(first.renew(TTL)).as("the old holder learns it lost the lock").isFalse();
        first.close();
        assertThat(a.tryAcquire(name, TTL)).as("closing a lost lock releases nothing").isEmpty();
        second.get().close();
        assertThat(a.tryAcquire(name, TTL)).as("free once its holder closed it").isPresent();
    }

    @Test
    void an_expired_lock_cannot_be_renewed_even_when_nobody_took_it() throws Exception {
        LockPort.Handle held = a.tryAcquire(name, TTL).orElseThrow();
        elapse(clock, TTL.plus(MARGIN));
        assertThat(held.renew(TTL)).isFalse();
        assertThat(b.tryAcquire(name, TTL)).isPresent();
    }

    @Test
    void closing_frees_the_lock_at_once_and_locks_of_other_names_are_independent() throws Exception {
        LockPort.Handle held = a.tryAcquire(name, TTL).orElseThrow();
        assertThat(b.tryAcquire(name + "-other", TTL)).isPresent();
        held.close();
        assertThat(b.tryAcquire(name, TTL)).isPresent();
    }
}
