package io.sorarelay.application.port.out;

import io.sorarelay.domain.Password;

/** A slow, salted password hash (Argon2id in production). */
public interface PasswordHasher {
    String hash(Password password);

    boolean matches(Password password, String hash);
}
