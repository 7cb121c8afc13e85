package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;

import java.util.Objects;
import java.util.Optional;

/**
 * One immutable line of a user's credit ledger. The ledger, not a mutable balance column, is the
 * record of truth: a balance can always be recomputed from it, and an audit reads it as is.
 *
 * @param task   the task a HOLD, CAPTURE or RELEASE belongs to; empty for grants and adjustments
 * @param reason why an operator adjusted the balance; empty for every other kind
 * @param debit  an adjustment that takes {@code amount} away (only an adjustment can)
 */
public record LedgerEntry(UserId user, Optional<VideoId> task, LedgerEntryKind kind, Credits amount,
                          Optional<String> reason, boolean debit) {

    public LedgerEntry(UserId user, Optional<VideoId> task, LedgerEntryKind kind, Credits amount, Optional<String> reason) {
        this(user, task, kind, amount, reason, false);
    }

    public LedgerEntry {
        Objects.requireNonNull(user);
        Objects.requireNonNull(task);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(amount);
        Objects.requireNonNull(reason);
        if (kind.isTaskCharge() != task.isPresent())
            throw new IllegalArgumentException(kind + (task.isPresent() ? " has no task" : " needs a task"));
        if ((kind == LedgerEntryKind.ADJUSTMENT) != reason.filter(r -> !r.isBlank()).isPresent())
            throw new IllegalArgumentException(kind == LedgerEntryKind.ADJUSTMENT
                    ? "an adjustment needs a reason" : kind + " has no reason");
        if (debit && kind != LedgerEntryKind.ADJUSTMENT) throw new IllegalArgumentException("only an adjustment takes credits away");
    }

    /** The amount with its sign as the user's total sees it: negative only for a debit. */
    public long signedAmount() {
        return debit ? -amount.value() : amount.value();
    }

    /**
     * {@code balance} after this entry; throws when the entry could not have been written over it (a hold or a debit
     * beyond what is available, a settlement beyond what is held): a ledger that replays without throwing is consistent.
     */
    public Balance applyTo(Balance balance) {
        return switch (kind) {
            case GRANT -> balance.grant(amount);
            case ADJUSTMENT -> debit
                    ? balance.deduct(amount).orElseThrow(() -> new IllegalStateException("a debit of " + amount + " beyond " + balance.available()))
                    : balance.adjust(amount);
            case HOLD -> switch (balance.hold(amount)) {
                case HoldResult.Placed p -> p.balance();
                case InsufficientCredits i -> throw new IllegalStateException("a hold of " + amount + " beyond " + i.available());
            };
            case CAPTURE -> balance.capture(amount);
            case RELEASE -> balance.release(amount);
        };
    }

    /** The balance a user's entries add up to, in the order they were written. */
    public static Balance replay(Iterable<LedgerEntry> entries) {
        Balance b = Balance.EMPTY;
        for (LedgerEntry e : entries) b = e.applyTo(b);
        return b;
    }

    /** An operator's correction that takes credits away (see {@link Balance#deduct}). */
    public static LedgerEntry deduction(UserId user, Credits amount, String reason) {
        return new LedgerEntry(user, Optional.empty(), LedgerEntryKind.ADJUSTMENT, amount, Optional.of(reason), true);
    }

    public static LedgerEntry grant(UserId user, Credits amount) {
        return new LedgerEntry(user, Optional.empty(), LedgerEntryKind.GRANT, amount, Optional.empty());
    }

    public static LedgerEntry adjustment(UserId user, Credits amount, String reason) {
        return new LedgerEntry(user, Optional.empty(), LedgerEntryKind.ADJUSTMENT, amount, Optional.of(reason));
    }

    public static LedgerEntry forTask(UserId user, VideoId task, LedgerEntryKind kind, Credits amount) {
        return new LedgerEntry(user, Optional.of(task), kind, amount, Optional.empty());
    }
}
