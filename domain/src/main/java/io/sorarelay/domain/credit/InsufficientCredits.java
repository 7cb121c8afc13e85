package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;

import java.util.Objects;

/**
 * A hold refused because the user's available credits are fewer than the task's price. Both
 * figures go back to the client so it can tell how many credits it is short.
 */
public record InsufficientCredits(Credits required, Credits available) implements HoldResult {
    public InsufficientCredits {
        Objects.requireNonNull(required);
        Objects.requireNonNull(available);
        if (available.isAtLeast(required))
            throw new IllegalArgumentException("available credits cover the price; nothing is insufficient");
    }
}
