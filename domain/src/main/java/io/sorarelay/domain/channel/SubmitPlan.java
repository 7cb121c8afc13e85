package io.sorarelay.domain.channel;

import java.util.List;
import java.util.Optional;

/**
 * The channels a task's submit may use, in the selection policy's order, and which one is being
 * tried. The plan moves on only when handed a {@link SubmitDecision.TryNextChannel}, which only a
 * failure that proves no job was made can produce.
 */
public final class SubmitPlan {
    private final List<Channel> candidates;
    private final int index;

    private SubmitPlan(List<Channel> candidates, int index) {
        this.candidates = candidates;
        this.index = index;
    }

    /** A plan starting at the first candidate, or empty when there is none (no channel is eligible now). */
    public static Optional<SubmitPlan> of(List<Channel> candidates) {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(new SubmitPlan(List.copyOf(candidates), 0));
    }

    /** The channel to submit to now. */
    public Channel current() { return candidates.get(index); }

    /** The plan at the next candidate, or empty when every candidate proved it made no job. */
    public Optional<SubmitPlan> after(SubmitDecision.TryNextChannel decision) {
        java.util.Objects.requireNonNull(decision);
        return index + 1 < candidates.size() ? Optional.of(new SubmitPlan(candidates, index + 1)) : Optional.empty();
    }

    /** The channels still to try after this one. */
    public int remaining() { return candidates.size() - index - 1; }
}
