package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.RateLimiterPort;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RateLimiterPort} promises, run by the in-memory and the Redis adapter. The two
 * limiters stand for two nodes sharing one budget (the in-memory one passes the same object twice).
 * Windows are a minute long, so nothing here depends on timing.
 */
public abstract class RateLimiterContract {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** Two views of one shared budget (two nodes). */
    protected abstract RateLimiterPort[] newLimiters();

    private static String key() { return "contract-" + UUID.randomUUID(); }

    @Test
    void permits_are_counted_across_nodes_and_the_next_one_waits_at_most_a_window() {
        RateLimiterPort[] l = newLimiters();
        String key = key();
        assertThat(l[0].tryAcquire(key, 2, MINUTE)).isEmpty();
        assertThat(l[1].tryAcquire(key, 2, MINUTE)).isEmpty();
        Optional<Duration> wait = l[0].tryAcquire(key, 2, MINUTE);
        assertThat(wait).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(MINUTE));
        assertThat(l[1].tryAcquire(key(), 2, MINUTE)).as("another key has its own budget").isEmpty();
    }

    @Test
    void a_refunded_permit_can_be_taken_again_on_any_node() {
        RateLimiterPort[] l = newLimiters();
        String key = key();
        assertThat(l[0].tryAcquire(key, 2, MINUTE)).isEmpty();
        assertThat(l[0].tryAcquire(key, 2, MINUTE)).isEmpty();
        l[0].refund(key, MINUTE);
        assertThat(l[1].tryAcquire(key, 2, MINUTE)).as("the refunded permit").isEmpty();
        assertThat(l[1].tryAcquire(key, 2, MINUTE)).as("the budget is full again").isPresent();
    }

    @Test
    void a_refund_never_creates_permits_beyond_the_budget() {
        RateLimiterPort[] l = newLimiters();
        String key = key();
        l[0].refund(key, MINUTE);   // nothing taken yet: nothing to give back
        assertThat(l[0].tryAcquire(key, 1, MINUTE)).isEmpty();
        l[1].refund(key, MINUTE);
        l[1].refund(key, MINUTE);   // only one was taken
        assertThat(l[0].tryAcquire(key, 1, MINUTE)).isEmpty();
        assertThat(l[1].tryAcquire(key, 1, MINUTE)).isPresent();
    }
}
