package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.credit.ChargeEvent.Cancelled;
import io.sorarelay.domain.credit.ChargeEvent.Completed;
import io.sorarelay.domain.credit.ChargeEvent.Created;
import io.sorarelay.domain.credit.ChargeEvent.Expired;
import io.sorarelay.domain.credit.ChargeEvent.Failed;
import io.sorarelay.domain.credit.ChargeEvent.Progressed;
import io.sorarelay.domain.credit.ChargeEvent.Replayed;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SettlementTest {
    private static final Credits PRICE = Credits.of(40);
    private static final TaskCharge.Held HELD = new TaskCharge.Held(PRICE);
    private static final UserId USER = new UserId("alice");
    private static final VideoId TASK = new VideoId("video_1700000000000_abcdefghijkl");

    @Test
    void create_places_a_hold_for_the_price_when_there_is_no_charge() {
        Settlement s = Settlement.decide(Optional.empty(), new Created(PRICE));

        assertThat(s).isEqualTo(new Settlement.PlaceHold(PRICE));
        assertThat(s.next(Optional.empty())).contains(HELD);
        assertThat(s.entry(USER, TASK)).contains(LedgerEntry.forTask(USER, TASK, LedgerEntryKind.HOLD, PRICE));
    }

    @Test
    void completion_captures_the_hold() {
        Settlement s = Settlement.decide(Optional.of(HELD), new Completed());

        assertThat(s).isEqualTo(new Settlement.Capture(HELD));
        assertThat(s.next(Optional.of(HELD))).contains(new TaskCharge.Captured(PRICE));
        assertThat(s.entry(USER, TASK)).contains(LedgerEntry.forTask(USER, TASK, LedgerEntryKind.CAPTURE, PRICE));
    }

    @Test
    void failure_cancel_and_expiry_release_the_hold() {
        for (ChargeEvent event : List.of(new Failed(), new Cancelled(), new Expired())) {
            Settlement s = Settlement.decide(Optional.of(HELD), event);

            assertThat(s).as("%s", event).isEqualTo(new Settlement.Release(HELD));
            assertThat(s.next(Optional.of(HELD))).contains(new TaskCharge.Released(PRICE));
            assertThat(s.entry(USER, TASK)).contains(LedgerEntry.forTask(USER, TASK, LedgerEntryKind.RELEASE, PRICE));
        }
    }

    @Test
    void replay_duplicate_create_and_progress_change_nothing_while_held() {
        for (ChargeEvent event : List.of(new Replayed(), new Created(PRICE), new Progressed())) {
            Settlement s = Settlement.decide(Optional.of(HELD), event);

            assertThat(s).as("%s", event).isEqualTo(new Settlement.NoChange());
            assertThat(s.next(Optional.of(HELD))).contains(HELD);
            assertThat(s.entry(USER, TASK)).isEmpty();
        }
    }

    @Test
    void late_events_after_settlement_change_nothing() {
        List<TaskCharge> settled = List.of(new TaskCharge.Captured(PRICE), new TaskCharge.Released(PRICE));
        List<ChargeEvent> late = List.of(new Created(PRICE), new Replayed(), new Completed(), new Failed(),
                new Cancelled(), new Expired(), new Progressed());
        for (TaskCharge charge : settled)
            for (ChargeEvent event : late)
                assertThat(Settlement.decide(Optional.of(charge), event)).as("%s after %s", event, charge)
                        .isEqualTo(new Settlement.NoChange());
    }

    @Test
    void terminal_events_without_a_hold_change_nothing() {
        for (ChargeEvent event : List.of(new Completed(), new Failed(), new Cancelled(), new Expired(), new Replayed()))
            assertThat(Settlement.decide(Optional.empty(), event)).as("%s", event).isEqualTo(new Settlement.NoChange());
    }

    @Test
    void task_statuses_map_completed_to_capture_and_the_other_terminals_to_release() {
        assertThat(Settlement.decide(Optional.of(HELD), ChargeEvent.of(TaskStatus.COMPLETED)))
                .isInstanceOf(Settlement.Capture.class);
        assertThat(Settlement.decide(Optional.of(HELD), ChargeEvent.of(TaskStatus.FAILED)))
                .isInstanceOf(Settlement.Release.class);
        assertThat(Settlement.decide(Optional.of(HELD), ChargeEvent.of(TaskStatus.CANCELLED)))
                .isInstanceOf(Settlement.Release.class);
        assertThat(ChargeEvent.of(TaskStatus.QUEUED)).isEqualTo(new Progressed());
        assertThat(ChargeEvent.of(TaskStatus.PROCESSING)).isEqualTo(new Progressed());
    }

    @Test
    void charges_carry_the_label_a_task_view_shows() {
        assertThat(HELD.label()).isEqualTo("held");
        assertThat(HELD.capture().label()).isEqualTo("charged");
        assertThat(HELD.release().label()).isEqualTo("released");
    }
}
