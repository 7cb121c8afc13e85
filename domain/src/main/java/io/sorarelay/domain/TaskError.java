package io.sorarelay.domain;

/** Why a task failed, in the upstream's or our own words. */
public record TaskError(String code, String message) {
    public static final String UPSTREAM_TIMEOUT = "upstream_timeout";

    public TaskError {
        if (code == null || code.isBlank()) throw new IllegalArgumentException("error code is required");
        message = message == null ? "" : message;
    }

    public static TaskError upstreamTimeout() {
        return new TaskError(UPSTREAM_TIMEOUT, "the upstream did not finish the video before the deadline");
    }
}
