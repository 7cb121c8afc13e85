package io.sorarelay.application.port.out;

import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.VideoTask;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tasks whose upstream job is running (QUEUED or PROCESSING with an upstream id), by the channel that holds the
 * job (the task's {@link VideoTask#channel}, not the provider it asked for): what the upstream sweep needs to check many
 * of them with one listing call of that channel.
 */
public interface InFlightTasksPort {

    /** How many tasks are in flight on a channel, and when the oldest of them was submitted. */
    record InFlight(long count, Optional<Instant> oldestSubmittedAt) {
        public static final InFlight NONE = new InFlight(0, Optional.empty());

        public InFlight { Objects.requireNonNull(oldestSubmittedAt); }
    }

    InFlight inFlight(String channel);

    /** The in-flight tasks whose upstream job on {@code channel} is one of {@code externalIds}, in one read. */
    List<VideoTask> findInFlight(String channel, Collection<ExternalTaskId> externalIds);

    /**
     * The in-flight tasks on {@code channel} submitted before {@code submittedBefore}, oldest first, at most
     * {@code limit}: the stragglers a sweep that stopped paging early checks one by one.
     */
    List<VideoTask> inFlightSubmittedBefore(String channel, Instant submittedBefore, int limit);

    /**
     * In one write: moves the next individual poll of these in-flight tasks to {@code until} (never past a
     * task's deadline), for those whose next poll is earlier than {@code ifBefore} — so a task is rewritten
     * only when its deferral is running out, not on every sweep. Leased tasks (a worker is on them) and
     * tasks with no scheduled work are left as they are; a poll is never brought forward.
     *
     * @return how many tasks were deferred
     */
    int deferPolls(String channel, Collection<ExternalTaskId> externalIds, Instant until, Instant ifBefore);

    /** For stores that do not offer it: nothing is ever in flight, so the sweep never runs. */
    InFlightTasksPort NONE = new InFlightTasksPort() {
        public InFlight inFlight(String channel) { return InFlight.NONE; }
        public List<VideoTask> findInFlight(String channel, Collection<ExternalTaskId> externalIds) { return List.of(); }
        public List<VideoTask> inFlightSubmittedBefore(String channel, Instant submittedBefore, int limit) { return List.of(); }
        public int deferPolls(String channel, Collection<ExternalTaskId> externalIds, Instant until, Instant ifBefore) { return 0; }
    };
}
