package io.sorarelay.application.service;

import io.sorarelay.application.port.in.IssueSseTicketUseCase;
import io.sorarelay.application.port.in.RedeemSseTicketUseCase;
import io.sorarelay.application.port.out.SseTicketPort;
import io.sorarelay.domain.UserId;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** Stream tickets: 192 random bits, URL-safe, stored for {@code ttl} and redeemable once. */
public final class SseTicketService implements IssueSseTicketUseCase, RedeemSseTicketUseCase {
    private final SseTicketPort tickets;
    private final Duration ttl;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    public SseTicketService(SseTicketPort tickets, Duration ttl, InstantSource clock) {
        this.tickets = Objects.requireNonNull(tickets);
        this.ttl = Objects.requireNonNull(ttl);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Ticket issue(UserId owner) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        tickets.store(ticket, owner, ttl);
        return new Ticket(ticket, clock.instant().plus(ttl));
    }

    @Override
    public Optional<UserId> redeem(String ticket) { return tickets.redeem(ticket); }
}
