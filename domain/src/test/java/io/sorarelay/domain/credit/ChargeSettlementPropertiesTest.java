package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.credit.ChargeEvent.Cancelled;
import io.sorarelay.domain.credit.ChargeEvent.Completed;
import io.sorarelay.domain.credit.ChargeEvent.Created;
import io.sorarelay.domain.credit.ChargeEvent.Expired;
import io.sorarelay.domain.credit.ChargeEvent.Failed;
import io.sorarelay.domain.credit.ChargeEvent.Progressed;
import io.sorarelay.domain.credit.ChargeEvent.Replayed;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random interleavings of create, replay, completion, failure, cancel, expiry, progress and
 * duplicate or late events on one task, with operator adjustments in between: the task is held
 * once and settled at most once, by its first terminal event, and no credit appears or vanishes.
 */
class ChargeSettlementPropertiesTest {
    private static final UserId USER = new UserId("alice");
    private static final VideoId TASK = new VideoId("video_1700000000000_abcdefghijkl");

    sealed interface Step {}

    record TaskEvent(ChargeEvent event) implements Step {}

    record Adjust(long credits) implements Step {}

    /** One user's books as a store would keep them: the charge, the balance and the ledger. */
    static final class Books {
        Optional<TaskCharge> charge = Optional.empty();
        Balance balance = Balance.EMPTY;
        final List<LedgerEntry> entries = new ArrayList<>();

        Books(Credits grant) {
            balance = balance.grant(grant);
            entries.add(LedgerEntry.grant(USER, grant));
        }

        void apply(Step step) {
            switch (step) {
                case Adjust a -> {
                    balance = balance.adjust(Credits.of(a.credits()));
                    entries.add(LedgerEntry.adjustment(USER, Credits.of(a.credits()), "goodwill"));
                }
                case TaskEvent t -> settle(Settlement.decide(charge, t.event()));
            }
        }

        private void settle(Settlement s) {
            switch (s) {
                case Settlement.PlaceHold h -> {
                    if (!(balance.hold(h.amount()) instanceof HoldResult.Placed placed)) return; // the create is refused
                    balance = placed.balance();
                }
                case Settlement.Capture c -> balance = balance.capture(c.held().amount());
                case Settlement.Release r -> balance = balance.release(r.held().amount());
                case Settlement.NoChange n -> { }
            }
            charge = s.next(charge);
            s.entry(USER, TASK).ifPresent(entries::add);
        }

        long count(LedgerEntryKind kind) {
            return entries.stream().filter(e -> e.kind() == kind).count();
        }

        long sumOf(LedgerEntryKind kind) {
            return entries.stream().filter(e -> e.kind() == kind).mapToLong(e -> e.amount().value()).sum();
        }
    }

    @Provide
    Arbitrary<List<Step>> afterCreate() {
        Arbitrary<Step> event = Arbitraries.of(new Replayed(), new Completed(), new Failed(), new Cancelled(),
                new Expired(), new Progressed(), new Created(Credits.of(7))).map(TaskEvent::new);
        Arbitrary<Step> adjust = Arbitraries.longs().between(1, 50).map(Adjust::new);
        return Arbitraries.frequencyOf(Tuple.of(6, event), Tuple.of(1, adjust)).list().ofMaxSize(30);
    }

    @Property
    void a_created_task_is_held_once_and_settled_once_by_its_first_terminal_event(
            @ForAll @LongRange(min = 0, max = 500) long price, @ForAll @LongRange(min = 0, max = 500) long spare,
            @ForAll("afterCreate") List<Step> steps) {
        Books books = new Books(Credits.of(price + spare));
        books.apply(new TaskEvent(new Created(Credits.of(price))));

        Optional<ChargeEvent> firstTerminal = Optional.empty();
        for (Step step : steps) {
            int entriesBefore = books.entries.size();
            books.apply(step);
            if (step instanceof TaskEvent(ChargeEvent e)) {
                if (e instanceof Replayed || e instanceof Progressed || e instanceof Created)
                    assertThat(books.entries).as("%s adds no entry", e).hasSize(entriesBefore);
                if (firstTerminal.isEmpty() && isTerminal(e)) firstTerminal = Optional.of(e);
            }
            assertBalanceMatchesLedger(books);
        }

        assertThat(books.count(LedgerEntryKind.HOLD)).isEqualTo(1);
        assertThat(books.count(LedgerEntryKind.CAPTURE) + books.count(LedgerEntryKind.RELEASE))
                .isEqualTo(firstTerminal.isPresent() ? 1 : 0);
        assertThat(books.count(LedgerEntryKind.CAPTURE))
                .isEqualTo(firstTerminal.filter(Completed.class::isInstance).isPresent() ? 1 : 0);
        assertThat(books.charge).isPresent();
        assertThat(books.charge.get().amount()).isEqualTo(Credits.of(price));
    }

    @Property
    void a_create_beyond_the_balance_holds_nothing_and_later_events_charge_nothing(
            @ForAll @LongRange(min = 1, max = 500) long price, @ForAll @LongRange(min = 1, max = 500) long shortBy,
            @ForAll("afterCreate") List<Step> steps) {
        Books books = new Books(Credits.of(Math.max(0, price - shortBy)));
        Balance before = books.balance;
        books.apply(new TaskEvent(new Created(Credits.of(price))));

        assertThat(books.balance).isEqualTo(before);
        assertThat(books.charge).isEmpty();
        for (Step step : steps) {
            if (step instanceof TaskEvent(Created c)) continue; // a new create would be a new task
            books.apply(step);
            assertBalanceMatchesLedger(books);
        }
        assertThat(books.entries).noneMatch(e -> e.kind().isTaskCharge());
    }

    private static boolean isTerminal(ChargeEvent e) {
        return e instanceof Completed || e instanceof Failed || e instanceof Cancelled || e instanceof Expired;
    }

    /** No credit appears or vanishes, and each part of the balance is what the ledger says it is. */
    private static void assertBalanceMatchesLedger(Books books) {
        Balance b = books.balance;
        long in = books.sumOf(LedgerEntryKind.GRANT) + books.sumOf(LedgerEntryKind.ADJUSTMENT);
        long held = books.sumOf(LedgerEntryKind.HOLD) - books.sumOf(LedgerEntryKind.CAPTURE)
                - books.sumOf(LedgerEntryKind.RELEASE);
        assertThat(b.total().value()).isEqualTo(in);
        assertThat(b.held().value()).isEqualTo(held).isNotNegative();
        assertThat(b.spent().value()).isEqualTo(books.sumOf(LedgerEntryKind.CAPTURE));
        assertThat(b.available().value()).isNotNegative();
    }
}
