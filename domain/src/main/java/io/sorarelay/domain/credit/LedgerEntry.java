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
 */
public record LedgerEntry(UserId user, Optional<VideoId> task, LedgerEntryKind kind, Credits amount,
                          Optional<String> reason) {

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
