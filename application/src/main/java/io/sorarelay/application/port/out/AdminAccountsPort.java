package io.sorarelay.application.port.out;

import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.UserId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the admin API reads and changes of accounts beyond sign-in's needs: search, role, re-enabling. */
public interface AdminAccountsPort {

    /** @param usernameContains only usernames containing this, case-insensitively, when given */
    record Search(Optional<String> usernameContains, int offset, int limit) {
        public Search {
            Objects.requireNonNull(usernameContains);
            if (limit < 1) throw new IllegalArgumentException("limit must be positive");
            if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        }
    }

    /** Matching accounts in (createdAt, id) order. */
    List<UserAccount> search(Search search);

    /** Sets the account's role; the stored account, empty for an unknown id. */
    Optional<UserAccount> setAdmin(UserId id, boolean admin);

    /** Enables the account (its token version stays: tokens ended by the disabling stay ended); empty for an unknown id. */
    Optional<UserAccount> enable(UserId id);
}
