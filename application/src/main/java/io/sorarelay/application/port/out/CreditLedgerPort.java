package io.sorarelay.application.port.out;

import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.credit.Balance;
import io.sorarelay.domain.credit.LedgerEntry;

import java.util.List;
import java.util.Objects;

/**
 * The users' credit ledger: append-only entries and each user's balance, kept in the same step as every entry. Holds,
 * captures and releases are not written here but by the task store ({@link SaveVideoTaskPort}), in the same atomic
 * step as the task change they belong to; the ledger keeps at most one hold and one capture-or-release per task
 * whoever writes them. This port reads the books and writes the entries no task causes: grants and adjustments.
 */
public interface CreditLedgerPort {

    /**
     * No books: for a relay whose task store keeps no ledger (its tasks are all free). Grants and adjustments are
     * refused, balances are empty.
     */
    CreditLedgerPort NONE = new CreditLedgerPort() {
        @Override public Balance balance(UserId user) { return Balance.EMPTY; }
        @Override public Balance grant(UserId user, Credits amount) { throw new UnsupportedOperationException("this relay keeps no ledger"); }
        @Override public AdjustResult adjust(Adjustment adjustment) { throw new UnsupportedOperationException("this relay keeps no ledger"); }
        @Override public List<LedgerEntry> entries(UserId user) { return List.of(); }
    };

    /** The user's balance; {@link Balance#EMPTY} for a user the ledger has never seen. */
    Balance balance(UserId user);

    /** Gives the user {@code amount} credits (a GRANT entry); answers the balance after it. */
    Balance grant(UserId user, Credits amount);

    /** An operator's correction: credits in ({@code amount > 0}) or out ({@code amount < 0}). */
    record Adjustment(UserId user, long amount, String reason, UserId actor) {
        public Adjustment {
            Objects.requireNonNull(user); Objects.requireNonNull(reason); Objects.requireNonNull(actor);
            if (amount == 0) throw new IllegalArgumentException("an adjustment moves credits");
            if (reason.isBlank()) throw new IllegalArgumentException("an adjustment needs a reason");
        }
    }

    sealed interface AdjustResult {
        record Adjusted(Balance balance) implements AdjustResult {}

        /** A debit larger than the available credits (what running tasks hold is not available): nothing written. */
        record NotEnoughAvailable(Balance balance) implements AdjustResult {}
    }

    /** Writes an ADJUSTMENT entry (the actor is recorded with it) unless it would take more than is available. */
    AdjustResult adjust(Adjustment adjustment);

    /** The user's entries, oldest first: {@link LedgerEntry#replay} of them equals {@link #balance}. */
    List<LedgerEntry> entries(UserId user);
}
