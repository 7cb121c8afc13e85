package io.sorarelay.domain.channel;

import io.sorarelay.domain.ChannelId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static io.sorarelay.domain.channel.Channels.channel;
import static io.sorarelay.domain.channel.Channels.disabled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChannelSelectionTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Channel A = channel("a", 10, 1, "sora-2");
    private static final Channel B = channel("b", 5, 1, "sora-2");
    private static final Channel C = channel("c", 5, 1, "sora-2", "gen4.5");

    private static List<String> ids(List<Channel> cs) { return cs.stream().map(c -> c.id().value()).toList(); }

    @Test
    void the_highest_priority_comes_first_and_the_others_follow() {
        List<Channel> out = ChannelSelection.candidates("sora-2", List.of(B, A, C), Map.of(), NOW, new SplittableRandom(1));
        assertThat(ids(out).getFirst()).isEqualTo("a");
        assertThat(ids(out)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void open_paused_full_and_disabled_channels_are_left_out_and_a_half_open_one_gets_its_trial() {
        Channel d = channel("d", 5, 1, "sora-2");
        Channel e = channel("e", 1, 1, "sora-2");
        Map<ChannelId, ChannelStatus> status = new HashMap<>();
        status.put(A.id(), new ChannelStatus(ChannelHealth.OPEN, 0, Optional.empty()));
        status.put(B.id(), new ChannelStatus(ChannelHealth.CLOSED, 0, Optional.of(NOW.plusSeconds(30))));
        status.put(C.id(), new ChannelStatus(ChannelHealth.CLOSED, 4, Optional.empty()));
        status.put(d.id(), new ChannelStatus(ChannelHealth.HALF_OPEN, 0, Optional.of(NOW)));   // the pause just ended

        List<Channel> out = ChannelSelection.candidates("sora-2", List.of(A, B, C, d, disabled(e)), status, NOW, new SplittableRandom(1));

        assertThat(ids(out)).containsExactly("d");
    }

    @Test
    void nothing_is_returned_when_no_channel_serves_the_model() {
        assertThat(ChannelSelection.candidates("veo-3", List.of(A, B, C), Map.of(), NOW, new SplittableRandom(1))).isEmpty();
        assertThat(ids(ChannelSelection.candidates("gen4.5", List.of(A, B, C), Map.of(), NOW, new SplittableRandom(1))))
                .containsExactly("c");
    }

    @Test
    void weights_share_the_first_place_in_proportion() {
        Channel heavy = channel("heavy", 1, 3, "m");
        Channel light = channel("light", 1, 1, "m");
        SplittableRandom random = new SplittableRandom(42);
        int draws = 20_000;
        int heavyFirst = 0;
        for (int i = 0; i < draws; i++)
            if (ChannelSelection.candidates("m", List.of(light, heavy), Map.of(), NOW, random).getFirst() == heavy) heavyFirst++;
        // Expected 0.75; with 20,000 draws the standard deviation is about 0.003, so 0.02 is over six of them.
        assertThat(heavyFirst / (double) draws).isCloseTo(0.75, within(0.02));
    }

    @Test
    void the_same_seed_gives_the_same_order_whatever_the_input_order() {
        List<Channel> band = List.of(channel("x", 1, 2, "m"), channel("y", 1, 5, "m"), channel("z", 1, 1, "m"));
        List<Channel> reversed = band.reversed();
        assertThat(ids(ChannelSelection.candidates("m", band, Map.of(), NOW, new SplittableRandom(9))))
                .isEqualTo(ids(ChannelSelection.candidates("m", reversed, Map.of(), NOW, new SplittableRandom(9))));
    }
}
