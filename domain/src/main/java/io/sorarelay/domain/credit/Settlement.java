package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.credit.ChargeEvent.Cancelled;
import io.sorarelay.domain.credit.ChargeEvent.Completed;
import io.sorarelay.domain.credit.ChargeEvent.Created;
import io.sorarelay.domain.credit.ChargeEvent.Expired;
import io.sorarelay.domain.credit.ChargeEvent.Failed;
import io.sorarelay.domain.credit.ChargeEvent.Progressed;
import io.sorarelay.domain.credit.ChargeEvent.Replayed;

import java.util.Objects;
import java.util.Optional;

/**
 * What to do with a task's money when an event arrives. Deciding is pure, so the exactly-once rule
 * is proved here once, and a store only has to write the decision in the same transaction as the
 * task's change (with a unique ledger row per task and kind as the guard against a racing node).
 */
public sealed interface Settlement {

    /** The charge the task has after this decision; empty only when there was none and none is placed. */
    Optional<TaskCharge> next(Optional<TaskCharge> current);

    /** The ledger line this decision writes, if any. */
    Optional<LedgerEntry> entry(UserId user, VideoId task);

    record PlaceHold(Credits amount) implements Settlement {
        public PlaceHold { Objects.requireNonNull(amount); }

        @Override public Optional<TaskCharge> next(Optional<TaskCharge> current) {
            return Optional.of(new TaskCharge.Held(amount));
        }

        @Override public Optional<LedgerEntry> entry(UserId user, VideoId task) {
            return Optional.of(LedgerEntry.forTask(user, task, LedgerEntryKind.HOLD, amount));
        }
    }

    record Capture(TaskCharge.Held held) implements Settlement {
        public Capture { Objects.requireNonNull(held); }

        @Override public Optional<TaskCharge> next(Optional<TaskCharge> current) {
            return Optional.of(held.capture());
        }

        @Override public Optional<LedgerEntry> entry(UserId user, VideoId task) {
            return Optional.of(LedgerEntry.forTask(user, task, LedgerEntryKind.CAPTURE, held.amount()));
        }
    }

    record Release(TaskCharge.Held held) implements Settlement {
        public Release { Objects.requireNonNull(held); }

        @Override public Optional<TaskCharge> next(Optional<TaskCharge> current) {
            return Optional.of(held.release());
        }

        @Override public Optional<LedgerEntry> entry(UserId user, VideoId task) {
            return Optional.of(LedgerEntry.forTask(user, task, LedgerEntryKind.RELEASE, held.amount()));
        }
    }

    /** A replay, a duplicate, a late event after settlement, or progress: money stays where it is. */
    record NoChange() implements Settlement {
        @Override public Optional<TaskCharge> next(Optional<TaskCharge> current) { return current; }

        @Override public Optional<LedgerEntry> entry(UserId user, VideoId task) { return Optional.empty(); }
    }

    /**
     * The settlement a stored change of a task makes: its charge before, weighed against the event its new state
     * raises. The store writes the change only over the version {@code change.previous()} has, so this runs once per
     * change, and a terminal state is final, so at most one change of a task captures or releases.
     */
    static Settlement of(Transition.Changed change) {
        Optional<TaskCharge> before = TaskCharge.of(change.previous());
        if (change.previous().isTerminal()) return new NoChange();
        return decide(before, ChargeEvent.of(change.next().status()));
    }

    /**
     * The rule: a hold is placed only when the task has no charge; only a held charge settles, and
     * the first terminal event settles it (completion captures; failure, cancel and expiry release).
     */
    static Settlement decide(Optional<TaskCharge> current, ChargeEvent event) {
        Objects.requireNonNull(current);
        Objects.requireNonNull(event);
        if (current.isEmpty())
            return event instanceof Created created ? new PlaceHold(created.price()) : new NoChange();
        if (!(current.get() instanceof TaskCharge.Held held)) return new NoChange();
        return switch (event) {
            case Completed c -> new Capture(held);
            case Failed f -> new Release(held);
            case Cancelled c -> new Release(held);
            case Expired e -> new Release(held);
            case Created c -> new NoChange();
            case Replayed r -> new NoChange();
            case Progressed p -> new NoChange();
        };
    }
}
