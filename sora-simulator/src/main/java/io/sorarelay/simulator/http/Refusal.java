package io.sorarelay.simulator.http;

/** Why a request was answered before its protocol handled it; the protocol words it in its own error shape. */
public sealed interface Refusal {

    /** Missing or wrong credentials (401). */
    record Unauthorized() implements Refusal {}

    /** An injected server error: 500, 502 or 503. */
    record ServerError(int status) implements Refusal {}

    /** An injected 429; the server has already set {@code Retry-After}. */
    record RateLimited(int retryAfterSeconds) implements Refusal {}
}
