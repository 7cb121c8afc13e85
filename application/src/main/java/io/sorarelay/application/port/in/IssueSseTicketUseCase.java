package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;

import java.time.Instant;
import java.util.Objects;

/** A short-lived, single-use ticket that lets a browser's EventSource (which cannot send headers) open a stream. */
public interface IssueSseTicketUseCase {
    record Ticket(String value, Instant expiresAt) {
        public Ticket { Objects.requireNonNull(value); Objects.requireNonNull(expiresAt); }
    }

    Ticket issue(UserId owner);
}
