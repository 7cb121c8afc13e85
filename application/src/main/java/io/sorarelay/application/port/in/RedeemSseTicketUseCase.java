package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;

import java.util.Optional;

/** Opens a stream with a ticket from {@link IssueSseTicketUseCase}. */
public interface RedeemSseTicketUseCase {
    /** The ticket's owner, once: a redeemed, expired or unknown ticket answers empty. */
    Optional<UserId> redeem(String ticket);
}
