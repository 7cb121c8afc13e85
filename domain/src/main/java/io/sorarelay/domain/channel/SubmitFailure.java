package io.sorarelay.domain.channel;

import java.util.Objects;

/**
 * Why a submit to a channel failed, classified by what it proves about the upstream job. Only
 * {@link NoJobMade} proves there is no job, so only it yields {@link SubmitDecision.TryNextChannel}:
 * moving a submit whose outcome is unknown to another channel could leave a task with two live jobs.
 */
public sealed interface SubmitFailure {

    /** What to do next; the only way to obtain a failover decision. */
    SubmitDecision decision();

    /** The failure proves the channel made no job: the next channel may take the submit. */
    record NoJobMade(Reason reason, String detail) implements SubmitFailure {
        public enum Reason { CONNECTION_REFUSED, UNAUTHORIZED, FORBIDDEN, RATE_LIMITED, CHANNEL_REFUSED }

        public NoJobMade {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(detail);
        }

        @Override public SubmitDecision.TryNextChannel decision() { return new SubmitDecision.TryNextChannel(this); }
    }

    /**
     * The channel may or may not have made a job (a timeout, a reset, a 5xx): the submit is retried on the same
     * channel with the same idempotency key, or the channel is asked first, never moved.
     */
    record OutcomeUnknown(String detail) implements SubmitFailure {
        public OutcomeUnknown { Objects.requireNonNull(detail); }

        @Override public SubmitDecision.RetrySameChannel decision() { return new SubmitDecision.RetrySameChannel(this); }
    }

    /** The request itself is invalid (a 4xx about the request): no channel would take it, so the task fails. */
    record RequestRejected(String code, String message) implements SubmitFailure {
        public RequestRejected {
            Objects.requireNonNull(code);
            Objects.requireNonNull(message);
        }

        @Override public SubmitDecision.FailTask decision() { return new SubmitDecision.FailTask(this); }
    }

    /** A connection that was never accepted: nothing reached the channel. */
    static NoJobMade connectionRefused(String detail) {
        return new NoJobMade(NoJobMade.Reason.CONNECTION_REFUSED, detail);
    }

    /**
     * An HTTP answer to a submit, classified.
     *
     * @param channelsOwn the protocol adapter recognised the 4xx as about the account (quota, billing, a disabled
     *                    key), not about the request: the request may succeed elsewhere
     */
    static SubmitFailure ofHttpStatus(int status, boolean channelsOwn, String code, String message) {
        if (status < 400 || status > 599) throw new IllegalArgumentException("not a failure status: " + status);
        if (status >= 500 || status == 408 || status == 409) return new OutcomeUnknown("HTTP " + status);
        return switch (status) {
            case 401 -> new NoJobMade(NoJobMade.Reason.UNAUTHORIZED, "HTTP 401");
            case 403 -> new NoJobMade(NoJobMade.Reason.FORBIDDEN, "HTTP 403");
            case 429 -> new NoJobMade(NoJobMade.Reason.RATE_LIMITED, "HTTP 429");
            default -> channelsOwn ? new NoJobMade(NoJobMade.Reason.CHANNEL_REFUSED, "HTTP " + status + " " + code)
                    : new RequestRejected(code, message);
        };
    }
}
