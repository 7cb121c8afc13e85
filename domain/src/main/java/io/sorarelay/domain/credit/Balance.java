package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;

import java.util.Objects;
import java.util.Optional;

/**
 * A user's credits split by where they are: free to spend, set aside for running tasks, or spent.
 * Credits only move between the three (or arrive by grant or adjustment, or leave by a debit
 * adjustment), so their sum equals everything granted and adjusted; no transition can leave any part
 * below zero.
 */
public record Balance(Credits available, Credits held, Credits spent) {
    public static final Balance EMPTY = new Balance(Credits.ZERO, Credits.ZERO, Credits.ZERO);

    public Balance {
        Objects.requireNonNull(available);
        Objects.requireNonNull(held);
        Objects.requireNonNull(spent);
    }

    public Balance grant(Credits amount) {
        return new Balance(available.plus(amount), held, spent);
    }

    /** An operator's correction in the user's favour; the reason lives on its {@link LedgerEntry}. */
    public Balance adjust(Credits amount) {
        return new Balance(available.plus(amount), held, spent);
    }

    /**
     * An operator's correction against the user: it takes from what is available only, never from what running tasks
     * hold, so it is empty when fewer credits are available than it takes.
     */
    public Optional<Balance> deduct(Credits amount) {
        if (!available.isAtLeast(amount)) return Optional.empty();
        return Optional.of(new Balance(available.minus(amount), held, spent));
    }

    /** Sets a task's price aside, or refuses when fewer credits are available than it costs. */
    public HoldResult hold(Credits amount) {
        if (!available.isAtLeast(amount)) return new InsufficientCredits(amount, available);
        return new HoldResult.Placed(new Balance(available.minus(amount), held.plus(amount), spent));
    }

    /** A completed task's hold becomes spent. Capturing more than is held is a bug, so it throws. */
    public Balance capture(Credits amount) {
        requireHeld(amount);
        return new Balance(available, held.minus(amount), spent.plus(amount));
    }

    /** A task that did not complete gives its hold back. Releasing more than is held is a bug, so it throws. */
    public Balance release(Credits amount) {
        requireHeld(amount);
        return new Balance(available.plus(amount), held.minus(amount), spent);
    }

    public Credits total() {
        return available.plus(held).plus(spent);
    }

    private void requireHeld(Credits amount) {
        if (!held.isAtLeast(amount))
            throw new IllegalStateException("cannot settle " + amount + " credits: only " + held + " are held");
    }
}
