package io.sorarelay.application.port.in;

import java.time.Duration;

/** Why a use case did not do what was asked: the expected failures, mapped to HTTP in one place. */
public sealed interface Problem {
    String code();

    String message();

    /** Missing, or not the caller's (never revealed as different). */
    record NotFound(String code, String message) implements Problem {
        public static NotFound task() { return new NotFound("task_not_found", "task not found"); }
    }

    /** Bad input; {@code field} names it as the client sent it. */
    record Invalid(String field, String message) implements Problem {
        public String code() { return "validation_failed"; }
    }

    /** The task's state does not allow this (e.g. cancel a completed task). */
    record Conflict(String code, String message) implements Problem {}

    /** The idempotency key was used before for a different request. */
    record KeyReused(String message) implements Problem {
        public String code() { return "idempotency_key_reused"; }
    }

    /** Wrong credentials. */
    record Unauthorized(String code, String message) implements Problem {}

    /** Rate or quota limit. */
    record Limited(String code, String message, Duration retryAfter) implements Problem {}

    /** The task costs more credits than the caller has available: nothing was stored. */
    record InsufficientCredits(long required, long available) implements Problem {
        public String code() { return "insufficient_credits"; }

        public String message() {
            return "this task costs " + required + " credits and " + available + " are available";
        }
    }

    /** A dependency (store, upstream) cannot serve this now. */
    record Unavailable(String code, String message, Duration retryAfter) implements Problem {}
}
