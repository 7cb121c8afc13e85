package io.sorarelay.application.port.out;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;

import java.time.Instant;
import java.util.Optional;

/** User accounts with their password hashes. */
public interface UserAccountPort {
    record UserAccount(UserId id, Username username, String passwordHash, boolean admin, Instant createdAt) {}

    /** Stores the account unless the username is taken (case-insensitively); empty when taken. */
    Optional<UserAccount> create(UserAccount account);

    Optional<UserAccount> findByUsername(Username username);

    Optional<UserAccount> findById(UserId id);
}
