package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.port.out.UpstreamBudgetPort.Admission;
import io.sorarelay.application.port.out.UpstreamBudgetPort.Limits;
import io.sorarelay.application.port.out.UpstreamBudgetPort.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream budget every node shares: a concurrency cap whose permits are given back or expire,
 * a sliding request window, and a pause that holds back every node. Time is a controllable clock
 * given to the adapter, so nothing here waits for the wall clock.
 */
public abstract class UpstreamBudgetContract {
    /** Two nodes' views of one budget (two adapters on one Redis, or the same object twice), both on {@code clock}. */
    protected abstract UpstreamBudgetPort[] newBudgets(InstantSource clock) throws Exception;

    private static final Limits TWO_IN_FLIGHT = new Limits(2, 0, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMillis(700));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private UpstreamBudgetPort a;
    private UpstreamBudgetPort b;
    /** A provider name of this test's own, so runs and tests never share state. */
    private String provider;

    @BeforeEach
    void nodes() throws Exception {
        UpstreamBudgetPort[] nodes = newBudgets(clock);
        a = nodes[0];
        b = nodes[1];
        provider = "p-" + UUID.randomUUID();
    }

    private static UpstreamBudgetPort.Permit granted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Granted.class);
        return ((Admission.Granted) admission).permit();
    }

    private static Admission.Denied denied(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Denied.class);
        return (Admission.Denied) admission;
    }

    @Test
    void the_concurrency_cap_counts_every_nodes_permits_and_a_closed_permit_frees_its_slot() {
        UpstreamBudgetPort.Permit first = granted(a.tryAcquire(provider, TWO_IN_FLIGHT));
        granted(b.tryAcquire(provider, TWO_IN_FLIGHT));
        Admission.Denied full = denied(a.tryAcquire(provider, TWO_IN_FLIGHT));
        assertThat(full.reason()).isEqualTo(Reason.CONCURRENCY);
        assertThat(full.retryAfter()).isEqualTo(Duration.ofMillis(700));
        first.close();
        granted(b.tryAcquire(provider, TWO_IN_FLIGHT));
        assertThat(denied(a.tryAcquire(provider, TWO_IN_FLIGHT)).reason()).isEqualTo(Reason.CONCURRENCY);
    }

    @Test
    void closing_a_permit_twice_gives_back_one_slot_only() {
        UpstreamBudgetPort.Permit first = granted(a.tryAcquire(provider, TWO_IN_FLIGHT));
        granted(a.tryAcquire(provider, TWO_IN_FLIGHT));
        first.close();
        first.close();
        granted(b.tryAcquire(provider, TWO_IN_FLIGHT));
        assertThat(denied(b.tryAcquire(provider, TWO_IN_FLIGHT)).reason()).isEqualTo(Reason.CONCURRENCY);
    }

    @Test
    void the_permits_of_a_node_that_died_expire_by_themselves() {
        granted(a.tryAcquire(provider, TWO_IN_FLIGHT));
        granted(a.tryAcquire(provider, TWO_IN_FLIGHT));   // node a dies holding both
        clock.advance(Duration.ofSeconds(29));
        assertThat(denied(b.tryAcquire(provider, TWO_IN_FLIGHT)).reason()).as("still within their TTL").isEqualTo(Reason.CONCURRENCY);
        clock.advance(Duration.ofSeconds(1));
        granted(b.tryAcquire(provider, TWO_IN_FLIGHT));
        granted(b.tryAcquire(provider, TWO_IN_FLIGHT));
    }

    @Test
    void the_request_rate_is_shared_and_a_refusal_takes_nothing() {
        Limits threePerTenSeconds = new Limits(100, 3, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1));
        granted(a.tryAcquire(provider, threePerTenSeconds)).close();
        clock.advance(Duration.ofSeconds(2));
        granted(b.tryAcquire(provider, threePerTenSeconds)).close();
        granted(a.tryAcquire(provider, threePerTenSeconds)).close();
        Admission.Denied tooFast = denied(b.tryAcquire(provider, threePerTenSeconds));
        assertThat(tooFast.reason()).isEqualTo(Reason.RATE);
        assertThat(tooFast.retryAfter()).as("until the oldest call leaves the window").isEqualTo(Duration.ofSeconds(8));
        assertThat(denied(a.tryAcquire(provider, threePerTenSeconds)).retryAfter()).isEqualTo(Duration.ofSeconds(8));
        clock.advance(Duration.ofSeconds(8));
        granted(a.tryAcquire(provider, threePerTenSeconds)).close();
        assertThat(denied(b.tryAcquire(provider, threePerTenSeconds)).reason()).as("the refusals counted for nothing").isEqualTo(Reason.RATE);
    }

    @Test
    void a_pause_recorded_by_one_node_holds_back_every_node_until_it_ends() {
        Instant start = clock.instant();
        a.pause(provider, Duration.ofSeconds(5));
        assertThat(b.pausedUntil(provider)).hasValue(start.plusSeconds(5));
        Admission.Denied held = denied(b.tryAcquire(provider, TWO_IN_FLIGHT));
        assertThat(held.reason()).isEqualTo(Reason.PAUSED);
        assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(3));
        assertThat(denied(a.tryAcquire(provider, TWO_IN_FLIGHT)).retryAfter()).isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(a.pausedUntil(provider)).isEmpty();
        granted(b.tryAcquire(provider, TWO_IN_FLIGHT));
        granted(a.tryAcquire(provider, TWO_IN_FLIGHT));
        assertThat(denied(a.tryAcquire(provider, TWO_IN_FLIGHT)).reason()).as("the pause took no slot").isEqualTo(Reason.CONCURRENCY);
    }

    @Test
    void a_pause_only_ever_extends() {
        Instant start = clock.instant();
        a.pause(provider, Duration.ofSeconds(10));
        b.pause(provider, Duration.ofSeconds(2));
        assertThat(a.pausedUntil(provider)).hasValue(start.plusSeconds(10));
        assertThat(b.pausedUntil(provider)).hasValue(start.plusSeconds(10));
        clock.advance(Duration.ofSeconds(5));
        b.pause(provider, Duration.ofSeconds(20));
        assertThat(a.pausedUntil(provider)).hasValue(start.plusSeconds(25));
    }

    @Test
    void providers_have_budgets_of_their_own() {
        String other = provider + "-other";
        a.pause(provider, Duration.ofSeconds(30));
        assertThat(b.pausedUntil(other)).isEmpty();
        granted(b.tryAcquire(other, TWO_IN_FLIGHT));
        granted(b.tryAcquire(other, TWO_IN_FLIGHT));
        assertThat(denied(a.tryAcquire(other, TWO_IN_FLIGHT)).reason()).isEqualTo(Reason.CONCURRENCY);
        assertThat(denied(a.tryAcquire(provider, TWO_IN_FLIGHT)).reason()).isEqualTo(Reason.PAUSED);
    }
}
