package io.sorarelay.application.port.out;

import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** User accounts with their password hashes and token versions. */
public interface UserAccountPort {
    /**
     * @param tokenVersion the version every token issued now carries; raising it ends every earlier token
     * @param disabled     a disabled account signs in no more and its tokens are refused
     */
    record UserAccount(UserId id, Username username, String passwordHash, boolean admin, Instant createdAt, long tokenVersion,
                       boolean disabled) {
        /** A new account: token version 0, enabled. */
        public UserAccount(UserId id, Username username, String passwordHash, boolean admin, Instant createdAt) {
            this(id, username, passwordHash, admin, createdAt, 0, false);
        }
    }

    /** Stores the account unless the username is taken (case-insensitively); empty when taken. */
    default Optional<UserAccount> create(UserAccount account) { return create(account, Credits.ZERO); }

    /**
     * Stores the account with its signup GRANT of {@code grant} credits (none for zero) in the credit ledger, as one
     * atomic step: either both are written or neither is (a taken username writes no grant, a failed grant leaves no
     * account). A store that keeps no ledger refuses a grant above zero ({@link UnsupportedOperationException}).
     */
    Optional<UserAccount> create(UserAccount account, Credits grant);

    Optional<UserAccount> findByUsername(Username username);

    Optional<UserAccount> findById(UserId id);

    /** Raises the account's token version by one (ending its tokens so far); the new version, empty for an unknown id. */
    OptionalLong raiseTokenVersion(UserId id);

    /** Disables the account and raises its token version, in one write; false for an unknown id. */
    boolean disable(UserId id);
}
