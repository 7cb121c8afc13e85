package io.sorarelay.domain.channel;

import io.sorarelay.domain.TaskError;

import java.util.Objects;

/**
 * What the engine does after a failed submit. Each decision holds the failure it came from, and
 * {@link TryNextChannel} can only be built from a {@link SubmitFailure.NoJobMade}: a failover from
 * an unknown outcome does not type-check. {@link #of} is the rule: it also knows whether the channel can resolve a lost
 * create.
 */
public sealed interface SubmitDecision {

    /** The code of a task failed by {@link FailOutcomeUnknown}. */
    String OUTCOME_UNKNOWN = "upstream_outcome_unknown";

    /**
     * What to do after {@code failure} on a channel. An unknown outcome is retried on the same channel only when the
     * channel can resolve a lost create ({@code resolvesLostCreates}: an idempotency key, or a search of its task list);
     * on a channel that cannot, a resent create could make a second job, so the task is not sent again anywhere and
     * fails ({@link FailOutcomeUnknown}). Every other failure decides as {@link SubmitFailure#decision()} says.
     */
    static SubmitDecision of(SubmitFailure failure, boolean resolvesLostCreates) {
        Objects.requireNonNull(failure);
        if (failure instanceof SubmitFailure.OutcomeUnknown unknown && !resolvesLostCreates) return new FailOutcomeUnknown(unknown);
        return failure.decision();
    }

    /** Move the submit to the next candidate channel; see {@link SubmitPlan#after}. */
    record TryNextChannel(SubmitFailure.NoJobMade cause) implements SubmitDecision {
        public TryNextChannel { Objects.requireNonNull(cause); }
    }

    /** Stay on this channel: retry with the same idempotency key, or ask the channel whether the job exists. */
    record RetrySameChannel(SubmitFailure.OutcomeUnknown cause) implements SubmitDecision {
        public RetrySameChannel { Objects.requireNonNull(cause); }
    }

    /** Fail the task with the rejection's code and message. */
    record FailTask(SubmitFailure.RequestRejected cause) implements SubmitDecision {
        public FailTask { Objects.requireNonNull(cause); }
    }

    /**
     * The channel may have made a job whose answer was lost, and cannot tell (no idempotency key, no task list): the
     * submit is not resent, here or elsewhere, and the task fails with {@link #error()} (its credit hold released).
     */
    record FailOutcomeUnknown(SubmitFailure.OutcomeUnknown cause) implements SubmitDecision {
        public FailOutcomeUnknown { Objects.requireNonNull(cause); }

        /** The task's error; the cause's detail (an upstream's own words) stays in the log. */
        public TaskError error() {
            return new TaskError(OUTCOME_UNKNOWN,
                    "the upstream may have started a job whose answer was lost; it was not resent, so that no second job is made");
        }
    }
}
