package io.sorarelay.domain.credit;

import java.util.Objects;

/**
 * The answer to a hold. Not having enough credits is an ordinary outcome the caller must handle
 * (the HTTP layer answers 402), so it is a value rather than an exception.
 */
public sealed interface HoldResult permits HoldResult.Placed, InsufficientCredits {

    /** The hold is placed; {@code balance} is the user's balance after it. */
    record Placed(Balance balance) implements HoldResult {
        public Placed { Objects.requireNonNull(balance); }
    }
}
