package io.sorarelay.domain.channel;

import java.util.Objects;

/**
 * What the engine does after a failed submit. Each decision holds the failure it came from, and
 * {@link TryNextChannel} can only be built from a {@link SubmitFailure.NoJobMade}: a failover from
 * an unknown outcome does not type-check.
 */
public sealed interface SubmitDecision {

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
}
