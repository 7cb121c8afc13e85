package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.SseTicketPort;
import io.sorarelay.domain.UserId;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Single-use SSE tickets in memory. */
public final class InMemorySseTickets implements SseTicketPort {
    private record Ticket(UserId owner, Instant until) {}

    private final InstantSource clock;
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

    public InMemorySseTickets(InstantSource clock) { this.clock = clock; }

    @Override
    public void store(String ticket, UserId owner, Duration ttl) {
        Instant now = clock.instant();
        tickets.values().removeIf(t -> !t.until().isAfter(now));
        tickets.put(ticket, new Ticket(owner, now.plus(ttl)));
    }

    @Override
    public Optional<UserId> redeem(String ticket) {
        Ticket t = tickets.remove(ticket);
        return t == null || !t.until().isAfter(clock.instant()) ? Optional.empty() : Optional.of(t.owner());
    }
}
