package io.sorarelay.domain.channel;

import io.sorarelay.domain.ChannelId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The channel-selection policy, a pure function: the channels to try for a model, in order.
 *
 * <p>A channel is eligible when it is enabled, serves the model, its breaker is not open, no 429
 * pause is running and it has room under {@code maxConcurrent}. A half-open channel is eligible:
 * its trial call is how its breaker learns to close. Eligible channels come by priority, highest
 * first; within one priority they are drawn at random in proportion to their weights, without
 * replacement, so every eligible channel appears once and the first one spreads the load.
 */
public final class ChannelSelection {
    private ChannelSelection() {}

    /**
     * @param status what is known of each channel; a channel missing from it counts as {@link ChannelStatus#IDLE}
     * @param random the only source of chance, passed in so a test (or a replay) can fix it
     */
    public static List<Channel> candidates(String model, List<Channel> channels, Map<ChannelId, ChannelStatus> status,
                                           Instant now, RandomGenerator random) {
        TreeMap<Integer, List<Channel>> byPriority = new TreeMap<>(Comparator.reverseOrder());
        for (Channel c : channels) {
            if (eligible(c, model, status.getOrDefault(c.id(), ChannelStatus.IDLE), now))
                byPriority.computeIfAbsent(c.priority(), p -> new ArrayList<>()).add(c);
        }
        List<Channel> out = new ArrayList<>();
        for (List<Channel> band : byPriority.values()) out.addAll(weightedOrder(band, random));
        return List.copyOf(out);
    }

    static boolean eligible(Channel c, String model, ChannelStatus s, Instant now) {
        return c.enabled() && c.serves(model) && s.health() != ChannelHealth.OPEN && !s.paused(now)
                && s.inFlight() < c.maxConcurrent();
    }

    // The band is sorted by id first, so the order depends on the random draws only, not on how the list came in.
    private static List<Channel> weightedOrder(List<Channel> band, RandomGenerator random) {
        List<Channel> left = new ArrayList<>(band);
        left.sort(Comparator.comparing(c -> c.id().value()));
        List<Channel> out = new ArrayList<>(left.size());
        long total = left.stream().mapToLong(Channel::weight).sum();
        while (!left.isEmpty()) {
            long draw = random.nextLong(total);
            int i = 0;
            while (draw >= left.get(i).weight()) draw -= left.get(i++).weight();
            Channel picked = left.remove(i);
            total -= picked.weight();
            out.add(picked);
        }
        return out;
    }
}
