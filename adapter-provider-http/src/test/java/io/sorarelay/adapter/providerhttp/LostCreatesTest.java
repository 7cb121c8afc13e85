package io.sorarelay.adapter.providerhttp;

import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LostCreatesTest {
    private final LostCreates creates = new LostCreates(() -> Instant.ofEpochSecond(1_800_000_000L));

    @Test
    void a_lone_create_may_be_searched_for_and_is_stamped_by_the_clock() {
        LostCreates.Attempt a = creates.begin("m1");

        assertThat(a.sentAt()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
        assertThat(creates.lost(a)).isEmpty();
    }

    @Test
    void creates_of_one_model_that_overlap_cannot_be_told_apart() {
        LostCreates.Attempt first = creates.begin("m1");
        LostCreates.Attempt other = creates.begin("m2");
        LostCreates.Attempt second = creates.begin("m1");

        assertThat(creates.lost(first)).contains("another create of the same model ran at the same time");
        assertThat(creates.lost(second)).isPresent();
        assertThat(creates.lost(other)).isEmpty();
    }

    @Test
    void an_answered_create_ends_its_attempt_and_owns_its_task() {
        creates.answered(creates.begin("m1"), new ExternalTaskId("t1"));
        creates.adopt("t2");

        assertThat(creates.lost(creates.begin("m1"))).isEmpty();
        assertThat(creates.owned("t1")).isTrue();
        assertThat(creates.owned("t2")).isTrue();
        assertThat(creates.owned("t3")).isFalse();
    }

    @Test
    void an_unresolved_loss_stays_transient_and_says_why() {
        assertThat(LostCreates.unknown(new Failure.Transient("timeout (outcome unknown)", Optional.empty()), "no task of this model appeared"))
                .isEqualTo(new Result.Failed<>(new Failure.Transient("timeout (outcome unknown); no task adopted: no task of this model appeared",
                        Optional.empty())));
    }
}
