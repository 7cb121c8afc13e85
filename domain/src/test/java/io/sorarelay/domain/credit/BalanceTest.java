package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BalanceTest {

    private static Balance withAvailable(long credits) {
        return Balance.EMPTY.grant(Credits.of(credits));
    }

    private static Balance placed(HoldResult result) {
        assertThat(result).isInstanceOf(HoldResult.Placed.class);
        return ((HoldResult.Placed) result).balance();
    }

    @Test
    void grant_and_adjustment_add_to_available() {
        Balance b = Balance.EMPTY.grant(Credits.of(100)).adjust(Credits.of(5));

        assertThat(b).isEqualTo(new Balance(Credits.of(105), Credits.ZERO, Credits.ZERO));
    }

    @Test
    void hold_moves_credits_from_available_to_held() {
        Balance b = placed(withAvailable(100).hold(Credits.of(40)));

        assertThat(b).isEqualTo(new Balance(Credits.of(60), Credits.of(40), Credits.ZERO));
    }

    @Test
    void hold_of_exactly_the_available_credits_is_placed() {
        Balance b = placed(withAvailable(40).hold(Credits.of(40)));

        assertThat(b.available()).isEqualTo(Credits.ZERO);
        assertThat(b.held()).isEqualTo(Credits.of(40));
    }

    @Test
    void hold_beyond_available_is_refused_with_both_figures() {
        HoldResult result = withAvailable(30).hold(Credits.of(40));

        assertThat(result).isEqualTo(new InsufficientCredits(Credits.of(40), Credits.of(30)));
    }

    @Test
    void capture_turns_the_hold_into_spent() {
        Balance b = placed(withAvailable(100).hold(Credits.of(40))).capture(Credits.of(40));

        assertThat(b).isEqualTo(new Balance(Credits.of(60), Credits.ZERO, Credits.of(40)));
    }

    @Test
    void release_gives_the_hold_back() {
        Balance b = placed(withAvailable(100).hold(Credits.of(40))).release(Credits.of(40));

        assertThat(b).isEqualTo(new Balance(Credits.of(100), Credits.ZERO, Credits.ZERO));
    }

    @Test
    void settling_more_than_is_held_is_refused_and_changes_nothing() {
        Balance b = placed(withAvailable(100).hold(Credits.of(40)));

        assertThatThrownBy(() -> b.capture(Credits.of(41))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.release(Credits.of(41))).isInstanceOf(IllegalStateException.class);
        assertThat(b).isEqualTo(new Balance(Credits.of(60), Credits.of(40), Credits.ZERO));
    }

    @Test
    void total_is_kept_by_every_move_between_parts() {
        Balance b = placed(withAvailable(100).hold(Credits.of(70)));
        b = placed(b.release(Credits.of(70)).hold(Credits.of(25))).capture(Credits.of(25));

        assertThat(b.total()).isEqualTo(Credits.of(100));
        assertThat(b).isEqualTo(new Balance(Credits.of(75), Credits.ZERO, Credits.of(25)));
    }

    @Test
    void insufficient_credits_must_really_be_insufficient() {
        assertThatThrownBy(() -> new InsufficientCredits(Credits.of(10), Credits.of(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
