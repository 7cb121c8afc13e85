package io.sorarelay.application.port.out;

import io.sorarelay.domain.Password;

import java.time.Duration;

/**
 * A slow, salted password hash (Argon2id in production). An implementation with bounded capacity throws
 * {@link io.sorarelay.application.port.DependencyUnavailableException} when it has no room for a call: the caller
 * answers "busy, retry" instead of queueing without end.
 */
public interface PasswordHasher {
    /** How long a caller refused for lack of hashing capacity is told to wait. */
    Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    String hash(Password password);

    boolean matches(Password password, String hash);
}
