package io.sorarelay.application.port;

import java.time.Duration;

/**
 * Thrown by an adapter when its backing service (database, Redis) cannot be reached. Callers
 * answer 503 with {@link #retryAfter()}; nothing was written when this is thrown from a write.
 * <p>
 * It lives beside {@code port.in} and {@code port.out}, not in either: outbound adapters throw it
 * and it passes through the use cases unchanged to the inbound adapters, which answer it (HTTP: 503).
 * An inbound adapter may see this package and {@code port.in}, never {@code port.out}.
 */
public class DependencyUnavailableException extends RuntimeException {
    private final String dependency;
    private final Duration retryAfter;

    public DependencyUnavailableException(String dependency, Duration retryAfter, Throwable cause) {
        super(dependency + " is unavailable", cause);
        this.dependency = dependency;
        this.retryAfter = retryAfter;
    }

    public String dependency() { return dependency; }

    public Duration retryAfter() { return retryAfter; }
}
