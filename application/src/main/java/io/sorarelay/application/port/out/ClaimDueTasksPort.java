package io.sorarelay.application.port.out;

import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable work queue: tasks whose next work time has come. A claim is a lease: until it
 * expires no other worker can claim the task; an expired lease is anyone's to take over.
 */
public interface ClaimDueTasksPort {

    /**
     * @param failures      consecutive failed attempts so far (for backoff)
     * @param submitChannel the channel the task's last submit went to ({@link #pinSubmit}), while it has no upstream job
     */
    record ClaimedTask(VideoTask task, int failures, Optional<ChannelId> submitChannel) {
        public ClaimedTask {
            java.util.Objects.requireNonNull(task);
            java.util.Objects.requireNonNull(submitChannel);
        }

        public ClaimedTask(VideoTask task, int failures) { this(task, failures, Optional.empty()); }
    }

    /** Claims up to {@code limit} due, unleased (or lease-expired) tasks for {@code worker}, oldest due first. */
    List<ClaimedTask> claimDue(Instant now, int limit, String worker, Duration leaseFor);

    /**
     * Extends {@code worker}'s lease on the task to {@code until}, if the worker still holds it and the task is still at
     * {@code version} (nobody wrote it since the worker read it). Answers false otherwise: another worker took the task
     * over (its lease had run out), the claim ended, or the task changed under it. The engine asks this right before a
     * submit (a fence: a claim that ran out while its pass was slow sends nothing) and while the submit is on its way (a
     * heartbeat: no other worker takes the task over while its create may still reach the upstream).
     */
    boolean renew(VideoId id, long version, String worker, Instant until);

    /**
     * {@link #renew} that also records {@code channel} as where the task's submit is about to go; a later claim hands it
     * back as {@link ClaimedTask#submitChannel()}. A submit whose outcome is unknown (a timeout, a 5xx) may have made a
     * job at that channel: the engine retries it there and nowhere else, even on another node after this one died.
     * An empty {@code channel} clears the pin (every channel tried proved it made no job).
     */
    boolean pinSubmit(VideoId id, long version, String worker, Optional<ChannelId> channel, Instant until);

    /**
     * Ends {@code worker}'s claim without changing the task: sets the next work time and counts a
     * failure (or resets the count). Does nothing, and answers false, if the worker no longer holds the lease.
     */
    boolean release(VideoId id, String worker, NextWork next, boolean failed);

    /** Releases every lease {@code worker} holds (graceful shutdown), leaving the schedules as they are. */
    int releaseAll(String worker);
}
