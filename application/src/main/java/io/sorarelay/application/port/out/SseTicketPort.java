package io.sorarelay.application.port.out;

import io.sorarelay.domain.UserId;

import java.time.Duration;
import java.util.Optional;

/** Short-lived, single-use tickets that let a browser's EventSource (which cannot send headers) open a stream. */
public interface SseTicketPort {
    /** Stores {@code ticket} for {@code owner} for {@code ttl}. */
    void store(String ticket, UserId owner, Duration ttl);

    /** The ticket's owner, once: a redeemed or expired ticket answers empty. */
    Optional<UserId> redeem(String ticket);
}
