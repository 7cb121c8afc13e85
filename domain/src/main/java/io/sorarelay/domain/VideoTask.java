package io.sorarelay.domain;

import io.sorarelay.domain.Transition.Changed;
import io.sorarelay.domain.Transition.Rejected;
import io.sorarelay.domain.Transition.Unchanged;
import io.sorarelay.domain.UpstreamObservation.UpstreamStatus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The video task aggregate. Immutable: every command or observation returns a {@link Transition};
 * a change carries the next version, which the store writes only over the expected one.
 *
 * <p>Invariants: terminal states are final; progress never decreases; PROCESSING and COMPLETED
 * need an upstream id; a task is remixable only when COMPLETED; a task has a channel exactly when it
 * has an upstream id (the job lives at that channel, and polls, cancel and content go there only).
 *
 * @param channel        the channel that holds the upstream job (empty before the submit)
 * @param submittedAt    when the upstream accepted the job (empty before)
 * @param progressAt     when progress last rose (or the job was submitted): the poll policy's rate input
 * @param deadlineAt     after this the task fails with {@code upstream_timeout}
 * @param cost           the credits held for the task when it was stored (its price then); zero when it was free
 */
public record VideoTask(
        VideoId id,
        UserId owner,
        Optional<ClientRequestId> clientRequestId,
        Optional<ExternalTaskId> externalTaskId,
        Optional<ChannelId> channel,
        TaskRequest request,
        RequestFingerprint fingerprint,
        TaskState state,
        int progress,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> submittedAt,
        Instant progressAt,
        Instant deadlineAt,
        long version,
        Credits cost) {

    /** A free task (no cost). */
    public VideoTask(VideoId id, UserId owner, Optional<ClientRequestId> clientRequestId, Optional<ExternalTaskId> externalTaskId,
                     Optional<ChannelId> channel, TaskRequest request, RequestFingerprint fingerprint, TaskState state, int progress,
                     Instant createdAt, Instant updatedAt, Optional<Instant> submittedAt, Instant progressAt, Instant deadlineAt,
                     long version) {
        this(id, owner, clientRequestId, externalTaskId, channel, request, fingerprint, state, progress, createdAt, updatedAt,
                submittedAt, progressAt, deadlineAt, version, Credits.ZERO);
    }

    public VideoTask {
        Objects.requireNonNull(id);
        Objects.requireNonNull(owner);
        Objects.requireNonNull(clientRequestId);
        Objects.requireNonNull(externalTaskId);
        Objects.requireNonNull(channel);
        Objects.requireNonNull(request);
        Objects.requireNonNull(fingerprint);
        Objects.requireNonNull(state);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(updatedAt);
        Objects.requireNonNull(submittedAt);
        Objects.requireNonNull(progressAt);
        Objects.requireNonNull(deadlineAt);
        if (!owner.equals(request.owner())) throw new IllegalArgumentException("the request's owner owns the task");
        if (progress < 0 || progress > 100) throw new IllegalArgumentException("progress must be 0..100");
        if (externalTaskId.isEmpty() && (state instanceof TaskState.Processing || state instanceof TaskState.Completed))
            throw new IllegalArgumentException(state.status() + " needs an upstream id");
        if (channel.isPresent() != externalTaskId.isPresent())
            throw new IllegalArgumentException("a task has a channel exactly when it has an upstream id");
        if (state instanceof TaskState.Completed && progress != 100)
            throw new IllegalArgumentException("a completed task is at 100%");
        if (version < 0) throw new IllegalArgumentException("version must not be negative");
        Objects.requireNonNull(cost);
    }

    /** A new QUEUED task at version 0, written before anything is sent upstream. */
    public static VideoTask create(VideoId id, TaskRequest request, Optional<ClientRequestId> clientRequestId,
                                   Instant now, Instant deadlineAt) {
        return new VideoTask(id, request.owner(), clientRequestId, Optional.empty(), Optional.empty(), request, request.fingerprint(),
                new TaskState.Queued(), 0, now, now, Optional.empty(), now, deadlineAt, 0);
    }

    /**
     * This new task with its price to hold; only a task not yet stored (version 0) takes one. What the cost becomes
     * follows from the state alone ({@code TaskCharge.of}): held while the task runs, captured by COMPLETED, released
     * by FAILED (expiry included) or CANCELLED.
     */
    public VideoTask costing(Credits price) {
        if (version != 0) throw new IllegalStateException("the cost is fixed when the task is stored");
        return new VideoTask(id, owner, clientRequestId, externalTaskId, channel, request, fingerprint, state, progress, createdAt,
                updatedAt, submittedAt, progressAt, deadlineAt, version, price);
    }

    public TaskStatus status() { return state.status(); }

    public boolean isTerminal() { return state.isTerminal(); }

    public Lineage lineage() { return request.lineage(); }

    public boolean isOwnedBy(UserId user) { return owner.equals(user); }

    /** The upstream job to remix from: present only when COMPLETED (which implies an upstream id). */
    public Optional<ExternalTaskId> remixSource() {
        return state instanceof TaskState.Completed ? externalTaskId : Optional.empty();
    }

    public boolean canBeRetried() {
        return state instanceof TaskState.Failed || state instanceof TaskState.Cancelled;
    }

    /**
     * Whether this task may still send its reference image upstream: while it is unfinished (its submit, re-sent after a
     * transient failure; and it may yet fail and be retried), and once FAILED or CANCELLED at or after
     * {@code retryableSince}, because a retry sends its parent's image again. A COMPLETED task is never retried, and a
     * remix sends no image: neither needs it.
     */
    public boolean mayStillSendReferenceImage(Instant retryableSince) {
        if (request.referenceImage().isEmpty()) return false;
        return switch (state) {
            case TaskState.Queued q -> true;
            case TaskState.Processing p -> true;
            case TaskState.Completed c -> false;
            case TaskState.Failed f -> !f.failedAt().isBefore(retryableSince);
            case TaskState.Cancelled c -> !c.cancelledAt().isBefore(retryableSince);
        };
    }

    public Optional<Instant> completedAt() {
        return state instanceof TaskState.Completed c ? Optional.of(c.completedAt()) : Optional.empty();
    }

    public Optional<TaskError> error() {
        return state instanceof TaskState.Failed f ? Optional.of(f.error()) : Optional.empty();
    }

    // ---- transitions -------------------------------------------------------------------------

    /**
     * The upstream accepted the job as {@code upstream} on the channel named by the task's provider: the one upstream a
     * task had before channels, which is the default channel unless a test or an embedder registered others.
     */
    public Transition submitted(ExternalTaskId upstream, Instant now) {
        return submitted(new ChannelId(request.provider()), upstream, now);
    }

    /**
     * {@code on} accepted the job as {@code upstream}: the task is pinned there from now on. Recorded even on a
     * task cancelled meanwhile, so the job can be cancelled upstream.
     */
    public Transition submitted(ChannelId on, ExternalTaskId upstream, Instant now) {
        if (externalTaskId.isPresent())
            return externalTaskId.get().equals(upstream) && channel.orElseThrow().equals(on)
                    ? new Unchanged(this) : new Rejected(this, Transition.Reason.SUBMITTED_ELSEWHERE);
        if (state instanceof TaskState.Completed) return new Rejected(this, Transition.Reason.TERMINAL_STATE);
        return change(state, progress, Optional.of(upstream), Optional.of(on), Optional.of(now), now, now);
    }

    /** What the upstream reports, from a poll or a webhook. */
    public Transition observe(UpstreamObservation o, Instant now) {
        if (isTerminal()) {
            boolean same = switch (o.status()) {
                case COMPLETED -> state instanceof TaskState.Completed;
                case FAILED -> state instanceof TaskState.Failed;
                default -> false;
            };
            return same ? new Unchanged(this) : new Rejected(this, Transition.Reason.TERMINAL_STATE);
        }
        if (externalTaskId.isEmpty()) return new Rejected(this, Transition.Reason.NOT_SUBMITTED);
        return switch (o.status()) {
            case COMPLETED -> change(new TaskState.Completed(now), 100, now);
            case FAILED -> change(new TaskState.Failed(o.error().orElse(new TaskError("upstream_failed",
                    "the upstream reported the job as failed")), now), progress, now);
            case IN_PROGRESS -> {
                if (state instanceof TaskState.Queued) yield change(new TaskState.Processing(), Math.max(progress, o.progress()), now);
                yield advanceProgress(o.progress(), now);
            }
            case QUEUED -> state instanceof TaskState.Processing
                    ? new Rejected(this, Transition.Reason.STATUS_BACKWARDS)
                    : advanceProgress(o.progress(), now);
        };
    }

    /** The owner cancels. */
    public Transition cancel(Instant now) {
        if (isTerminal()) return new Rejected(this, Transition.Reason.TERMINAL_STATE);
        return change(new TaskState.Cancelled(now), progress, now);
    }

    /** The task failed for good on our side (e.g. the upstream refused the submit). */
    public Transition fail(TaskError error, Instant now) {
        if (isTerminal()) return new Rejected(this, Transition.Reason.TERMINAL_STATE);
        return change(new TaskState.Failed(error, now), progress, now);
    }

    /** Fails the task with {@code upstream_timeout} once its deadline has passed. */
    public Transition expire(Instant now) {
        if (isTerminal()) return new Rejected(this, Transition.Reason.TERMINAL_STATE);
        if (now.isBefore(deadlineAt)) return new Unchanged(this);
        return fail(TaskError.upstreamTimeout(), now);
    }

    private Transition advanceProgress(int observed, Instant now) {
        if (observed > progress) return change(state, observed, now);
        if (observed == progress) return new Unchanged(this);
        return new Rejected(this, Transition.Reason.PROGRESS_BACKWARDS);
    }

    private Transition change(TaskState next, int nextProgress, Instant now) {
        Instant rose = nextProgress > progress ? now : progressAt;
        return change(next, nextProgress, externalTaskId, channel, submittedAt, now, rose);
    }

    private Transition change(TaskState next, int nextProgress, Optional<ExternalTaskId> ext, Optional<ChannelId> on,
                              Optional<Instant> submitted, Instant now, Instant rose) {
        Instant updated = now.isAfter(updatedAt) ? now : updatedAt;
        return new Changed(this, new VideoTask(id, owner, clientRequestId, ext, on, request, fingerprint, next, nextProgress,
                createdAt, updated, submitted, rose, deadlineAt, version + 1, cost));
    }

    /** The public view of the task: what clients and events see. */
    public TaskView view() {
        return TaskView.of(this);
    }
}
