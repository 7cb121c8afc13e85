package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;

import java.util.Objects;

/**
 * An operator's correction of a user's credits: an {@code adjustment} entry in the ledger, positive (a grant) or
 * negative (a deduction, never below what the user's holds need). The admin API calls it and audits the call; the
 * ledger records who asked and why.
 */
public interface AdjustCreditsUseCase {

    /**
     * @param amount credits to add (positive) or take away (negative); never zero
     * @param reason the operator's words, shown in the ledger and the audit log
     * @param actor  the admin who asked
     */
    record AdjustCredits(UserId user, long amount, String reason, UserId actor) {
        public AdjustCredits {
            Objects.requireNonNull(user); Objects.requireNonNull(reason); Objects.requireNonNull(actor);
        }
    }

    /** The user's balance after the adjustment. */
    record Adjusted(UserId user, long balance, long held) {}

    /**
     * {@link Problem.NotFound} for an unknown user; {@link Problem.Invalid} for a zero amount or a blank reason; a
     * {@link Problem.Conflict} when a deduction would leave less than the user's holds.
     */
    Outcome<Adjusted> adjust(AdjustCredits command);
}
