package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;
import io.sorarelay.domain.apikey.ApiKeyId;

import java.util.Objects;

/**
 * What an API key with a credit limit may spend: the credits its tasks hold and have spent together stay within
 * {@code limit}; a release gives its share back. A key without a limit has no budget (its owner's balance is the bound).
 */
public record KeyBudget(ApiKeyId key, Credits limit) {
    public KeyBudget {
        Objects.requireNonNull(key);
        Objects.requireNonNull(limit);
    }

    /** The refusal of a task costing {@code price} when the key's tasks already use {@code used}. */
    public InsufficientCredits refusal(Credits price, Credits used) {
        return new InsufficientCredits(price, limit.isAtLeast(used) ? limit.minus(used) : Credits.ZERO);
    }

    /** Whether a task costing {@code price} fits next to what the key's tasks use. */
    public boolean allows(Credits price, Credits used) {
        return limit.isAtLeast(used.plus(price));
    }
}
