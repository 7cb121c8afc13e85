package io.sorarelay.domain;

import io.sorarelay.domain.credit.Balance;
import io.sorarelay.domain.credit.LedgerEntry;
import io.sorarelay.domain.credit.LedgerEntryKind;
import io.sorarelay.domain.credit.Settlement;
import io.sorarelay.domain.credit.TaskCharge;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sorarelay.domain.TestTasks.EXT;
import static io.sorarelay.domain.TestTasks.T0;
import static io.sorarelay.domain.TestTasks.changed;
import static io.sorarelay.domain.TestTasks.queued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A task's cost: fixed when it is stored, carried through every change, settled by its first terminal change only. */
class TaskCostTest {
    private static final Credits PRICE = Credits.of(40);

    private static VideoTask held() { return queued().costing(PRICE); }

    @Test
    void the_cost_is_carried_through_changes_and_fixed_once_stored() {
        VideoTask running = changed(held().submitted(EXT, T0.plusSeconds(1)));

        assertThat(running.cost()).isEqualTo(PRICE);
        assertThatThrownBy(() -> running.costing(Credits.of(1))).isInstanceOf(IllegalStateException.class);
        assertThat(queued().cost()).isEqualTo(Credits.ZERO);
    }

    @Test
    void the_charge_follows_the_state() {
        VideoTask running = changed(held().submitted(EXT, T0.plusSeconds(1)));

        assertThat(TaskCharge.of(running)).contains(new TaskCharge.Held(PRICE));
        assertThat(TaskCharge.of(changed(running.observe(UpstreamObservation.completed(), T0.plusSeconds(2)))))
                .contains(new TaskCharge.Captured(PRICE));
        assertThat(TaskCharge.of(changed(running.cancel(T0.plusSeconds(2))))).contains(new TaskCharge.Released(PRICE));
        assertThat(TaskCharge.of(changed(running.expire(running.deadlineAt())))).contains(new TaskCharge.Released(PRICE));
        assertThat(TaskCharge.of(queued())).isEmpty();
    }

    @Test
    void only_the_first_terminal_change_settles() {
        VideoTask running = changed(held().submitted(EXT, T0.plusSeconds(1)));
        Transition.Changed completion = (Transition.Changed) running.observe(UpstreamObservation.completed(), T0.plusSeconds(2));
        Transition.Changed progress = (Transition.Changed) running.observe(UpstreamObservation.inProgress(30), T0.plusSeconds(2));
        Transition.Changed lateSubmit = (Transition.Changed) changed(held().cancel(T0)).submitted(EXT, T0.plusSeconds(3));

        assertThat(Settlement.of(completion)).isEqualTo(new Settlement.Capture(new TaskCharge.Held(PRICE)));
        assertThat(Settlement.of(progress)).isInstanceOf(Settlement.NoChange.class);
        assertThat(Settlement.of(lateSubmit)).as("a cancelled task's upstream id, recorded late").isInstanceOf(Settlement.NoChange.class);
        assertThat(Settlement.of((Transition.Changed) queued().cancel(T0))).as("a free task").isInstanceOf(Settlement.NoChange.class);
    }

    @Test
    void the_view_shows_the_cost_and_what_became_of_it() {
        VideoTask running = changed(held().submitted(EXT, T0.plusSeconds(1)));

        assertThat(running.view().cost()).isEqualTo(new TaskView.Cost(40, "held"));
        assertThat(changed(running.observe(UpstreamObservation.completed(), T0.plusSeconds(2))).view().cost())
                .isEqualTo(new TaskView.Cost(40, "charged"));
        assertThat(changed(running.fail(TaskError.upstreamTimeout(), T0.plusSeconds(2))).view().cost())
                .isEqualTo(new TaskView.Cost(40, "released"));
        assertThat(queued().view().cost()).as("a free task has none").isNull();
    }

    @Test
    void a_debit_takes_only_what_is_available_and_the_ledger_replays_to_the_balance() {
        UserId user = new UserId("usr_bob");
        VideoId task = held().id();
        List<LedgerEntry> entries = List.of(LedgerEntry.grant(user, Credits.of(100)),
                LedgerEntry.forTask(user, task, LedgerEntryKind.HOLD, PRICE),
                LedgerEntry.deduction(user, Credits.of(50), "chargeback"),
                LedgerEntry.forTask(user, task, LedgerEntryKind.CAPTURE, PRICE));

        assertThat(LedgerEntry.replay(entries)).isEqualTo(new Balance(Credits.of(10), Credits.ZERO, PRICE));
        assertThat(entries.get(2).signedAmount()).isEqualTo(-50);
        assertThat(new Balance(Credits.of(10), PRICE, Credits.ZERO).deduct(Credits.of(11))).isEmpty();
        assertThatThrownBy(() -> LedgerEntry.replay(List.of(LedgerEntry.deduction(user, Credits.of(1), "x"))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new LedgerEntry(user, java.util.Optional.empty(), LedgerEntryKind.GRANT, Credits.of(1),
                java.util.Optional.empty(), true)).isInstanceOf(IllegalArgumentException.class);
    }
}
