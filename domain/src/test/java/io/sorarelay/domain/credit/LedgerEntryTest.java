package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerEntryTest {
    private static final UserId USER = new UserId("alice");
    private static final VideoId TASK = new VideoId("video_1700000000000_abcdefghijkl");

    @Test
    void task_charges_need_a_task_and_grants_have_none() {
        assertThat(LedgerEntry.forTask(USER, TASK, LedgerEntryKind.HOLD, Credits.of(5)).task()).contains(TASK);
        assertThat(LedgerEntry.grant(USER, Credits.of(5)).task()).isEmpty();
        assertThatThrownBy(() -> new LedgerEntry(USER, Optional.empty(), LedgerEntryKind.CAPTURE, Credits.of(5),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a task");
        assertThatThrownBy(() -> LedgerEntry.forTask(USER, TASK, LedgerEntryKind.GRANT, Credits.of(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no task");
    }

    @Test
    void an_adjustment_carries_its_reason_and_needs_one() {
        assertThat(LedgerEntry.adjustment(USER, Credits.of(3), "refund for outage").reason())
                .contains("refund for outage");
        assertThatThrownBy(() -> LedgerEntry.adjustment(USER, Credits.of(3), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> new LedgerEntry(USER, Optional.empty(), LedgerEntryKind.GRANT, Credits.of(3),
                Optional.of("why"))).isInstanceOf(IllegalArgumentException.class);
    }
}
