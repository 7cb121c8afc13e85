package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.SseTicketPort;
import io.sorarelay.domain.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single-use SSE tickets: redeemed once, on any node, by their owner's id, and never after their TTL. Time passes
 * through {@link #elapse}, never by waiting.
 */
public abstract class SseTicketContract {
    private static final Duration TTL = Duration.ofSeconds(60);
    /** Wide enough for the real time a loaded machine spends between two steps, where TTLs run on a server's clock. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    /** Two nodes' views of one ticket space (two adapters on one Redis, or the same object twice), both on {@code clock}. */
    protected abstract SseTicketPort[] newTickets(ManualClock clock) throws Exception;

    /**
     * Lets {@code d} pass for the tickets. The clock moves; an adapter whose TTLs the clock does not rule (Redis keys)
     * also shortens them by {@code d}.
     */
    protected void elapse(ManualClock clock, Duration d) throws Exception { clock.advance(d); }

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private SseTicketPort a;
    private SseTicketPort b;
    private String prefix;

    @BeforeEach
    void nodes() throws Exception {
        SseTicketPort[] nodes = newTickets(clock);
        a = nodes[0];
        b = nodes[1];
        prefix = "tkt-" + UUID.randomUUID() + "-";
    }

    @Test
    void a_ticket_answers_its_owner_once_on_any_node() {
        UserId owner = new UserId("usr_" + UUID.randomUUID());
        a.store(prefix + "1", owner, TTL);
        assertThat(b.redeem(prefix + "1")).hasValue(owner);
        assertThat(a.redeem(prefix + "1")).as("redeemed already").isEmpty();
        assertThat(b.redeem(prefix + "1")).as("redeemed already").isEmpty();
    }

    @Test
    void tickets_of_different_owners_are_kept_apart_and_an_unknown_ticket_answers_nobody() {
        UserId alice = new UserId("usr_alice_" + UUID.randomUUID());
        UserId bob = new UserId("usr_bob_" + UUID.randomUUID());
        a.store(prefix + "alice", alice, TTL);
        b.store(prefix + "bob", bob, TTL);
        assertThat(a.redeem(prefix + "unknown")).isEmpty();
        assertThat(a.redeem(prefix + "bob")).hasValue(bob);
        assertThat(b.redeem(prefix + "alice")).hasValue(alice);
    }

    @Test
    void a_ticket_works_until_its_ttl_runs_out_and_not_after() throws Exception {
        UserId owner = new UserId("usr_" + UUID.randomUUID());
        a.store(prefix + "early", owner, TTL);
        a.store(prefix + "late", owner, TTL);
        elapse(clock, TTL.minus(MARGIN));
        assertThat(b.redeem(prefix + "early")).as("shortly before the TTL runs out").hasValue(owner);
        elapse(clock, MARGIN);
        assertThat(b.redeem(prefix + "late")).as("once the TTL ran out").isEmpty();
    }
}
