package io.sorarelay.application.port.in;

import io.sorarelay.domain.Password;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;

import java.util.Objects;

/**
 * Registration, login, logout and the check of a token's version (tokens themselves are the HTTP adapter's business).
 * {@code client} is the caller's address as the inbound adapter sees it: sign-in limits count per address and per
 * username (docs/api.md, "Auth").
 */
public interface AuthenticateUserUseCase {

    /**
     * Who registered or logged in; the stored password hash stays behind the use case. A token issued for this login
     * carries {@code tokenVersion}, which {@link #tokenIsCurrent} checks on every use.
     */
    record Account(UserId id, Username username, long tokenVersion) {
        public Account { Objects.requireNonNull(id); Objects.requireNonNull(username); }
    }

    /**
     * A new account. The password must be {@link Password#requireFitFor fit} for the username (400 on the password
     * otherwise); {@link Problem.Limited} when the address registered too many accounts lately.
     */
    Outcome<Account> register(Username username, Password password, String client);

    /**
     * The same {@link Problem.Unauthorized} whether the user is unknown, disabled or the password wrong;
     * {@link Problem.Limited} (before any hashing) when the address or the username failed too often lately.
     */
    Outcome<Account> login(Username username, Password password, String client);

    /** Whether a token of {@code tokenVersion} for {@code user} is still good: the account exists, is enabled and has not logged out since. */
    boolean tokenIsCurrent(UserId user, long tokenVersion);

    /** Ends every token of the user issued so far: on this node at once, on the others within the token check's time. */
    void logout(UserId user);

    /** Disables the account: it signs in no more, and its tokens end as at {@link #logout}. False for an unknown user. */
    boolean disable(UserId user);
}
