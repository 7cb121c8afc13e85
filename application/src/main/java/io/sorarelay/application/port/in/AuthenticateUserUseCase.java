package io.sorarelay.application.port.in;

import io.sorarelay.domain.Password;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;

import java.util.Objects;

/** Registration and login (tokens are the HTTP adapter's business). */
public interface AuthenticateUserUseCase {

    /** Who registered or logged in; the stored password hash stays behind the use case. */
    record Account(UserId id, Username username) {
        public Account { Objects.requireNonNull(id); Objects.requireNonNull(username); }
    }

    Outcome<Account> register(Username username, Password password);

    /** The same {@link Problem.Unauthorized} whether the user is unknown or the password wrong. */
    Outcome<Account> login(Username username, Password password);
}
