package io.sorarelay.domain.channel;

import io.sorarelay.domain.ChannelId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The selection policy over random fleets of channels, states and seeds. */
class ChannelSelectionPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> MODELS = List.of("sora-2", "gen4.5", "veo-3");

    record Fleet(List<Channel> channels, Map<ChannelId, ChannelStatus> status) {}

    @Provide
    Arbitrary<Fleet> fleets() {
        Arbitrary<Channel> channel = Combinators.combine(
                Arbitraries.integers().between(0, 3),                         // priority
                Arbitraries.integers().between(1, 10),                        // weight
                Arbitraries.subsetOf(MODELS).ofMinSize(1),
                Arbitraries.of(true, true, true, false),                       // enabled
                Arbitraries.integers().between(1, 3)                          // maxConcurrent
        ).as((priority, weight, models, enabled, max) -> {
            Map<String, String> served = new HashMap<>();
            models.forEach(m -> served.put(m, m));
            return new Channel(new ChannelId("tmp"), "c", ProviderKind.RUNWAY, "https://x.example",
                    new ChannelSecret("inline", "k"), served, priority, weight, max, 0, enabled);
        });
        Arbitrary<ChannelStatus> status = Combinators.combine(
                Arbitraries.of(ChannelHealth.values()),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(Optional.<Instant>empty(), Optional.of(NOW.minusSeconds(1)), Optional.of(NOW.plusSeconds(5)))
        ).as(ChannelStatus::new);
        return Combinators.combine(channel.list().ofMaxSize(8), status.list().ofSize(8)).as((cs, ss) -> {
            List<Channel> named = new java.util.ArrayList<>();
            Map<ChannelId, ChannelStatus> byId = new HashMap<>();
            for (int i = 0; i < cs.size(); i++) {
                Channel c = cs.get(i);
                Channel n = new Channel(new ChannelId("ch" + i), c.name(), c.provider(), c.baseUrl(), c.credential(), c.models(),
                        c.priority(), c.weight(), c.maxConcurrent(), 0, c.enabled());
                named.add(n);
                byId.put(n.id(), ss.get(i));
            }
            return new Fleet(named, byId);
        });
    }

    private static List<Channel> select(Fleet f, String model, long seed) {
        return ChannelSelection.candidates(model, f.channels(), f.status(), NOW, new SplittableRandom(seed));
    }

    @Property
    void never_picks_a_channel_that_is_disabled_or_does_not_serve_the_model(@ForAll("fleets") Fleet f, @ForAll long seed) {
        for (String model : MODELS)
            assertThat(select(f, model, seed)).allSatisfy(c -> {
                assertThat(c.enabled()).isTrue();
                assertThat(c.serves(model)).isTrue();
            });
    }

    @Property
    void never_picks_an_open_paused_or_full_channel(@ForAll("fleets") Fleet f, @ForAll long seed) {
        for (String model : MODELS)
            assertThat(select(f, model, seed)).allSatisfy(c -> {
                ChannelStatus s = f.status().get(c.id());
                assertThat(s.health()).isNotEqualTo(ChannelHealth.OPEN);
                assertThat(s.pausedUntil().filter(NOW::isBefore)).isEmpty();
                assertThat(s.inFlight()).isLessThan(c.maxConcurrent());
            });
    }

    @Property
    void every_eligible_channel_appears_once_by_priority_highest_first(@ForAll("fleets") Fleet f, @ForAll long seed) {
        for (String model : MODELS) {
            List<Channel> out = select(f, model, seed);
            List<Channel> eligible = f.channels().stream()
                    .filter(c -> ChannelSelection.eligible(c, model, f.status().get(c.id()), NOW)).toList();
            assertThat(out).containsExactlyInAnyOrderElementsOf(eligible);
            for (int i = 1; i < out.size(); i++)
                assertThat(out.get(i).priority()).isLessThanOrEqualTo(out.get(i - 1).priority());
        }
    }

    @Property
    void the_result_is_empty_exactly_when_no_channel_is_eligible(@ForAll("fleets") Fleet f, @ForAll long seed) {
        for (String model : MODELS) {
            boolean any = f.channels().stream().anyMatch(c -> ChannelSelection.eligible(c, model, f.status().get(c.id()), NOW));
            assertThat(select(f, model, seed).isEmpty()).isEqualTo(!any);
        }
    }
}
