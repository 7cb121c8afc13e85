package io.sorarelay.adapter.http;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** An answer in the contract's error envelope, thrown from a handler. */
final class ApiException extends RuntimeException {
    final int status;
    final String code;
    final Optional<Map<String, Object>> details;
    final Optional<Duration> retryAfter;

    ApiException(int status, String code, String message, Optional<Map<String, Object>> details, Optional<Duration> retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
        this.retryAfter = retryAfter;
    }

    static ApiException of(int status, String code, String message) {
        return new ApiException(status, code, message, Optional.empty(), Optional.empty());
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(400, "validation_failed", message, Optional.of(Map.of("field", field)), Optional.empty());
    }

    static ApiException unauthorized(String message) { return of(401, "unauthorized", message); }
}
