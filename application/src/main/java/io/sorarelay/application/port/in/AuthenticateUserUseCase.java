package io.sorarelay.application.port.in;

import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.Username;

/** Registration and login (tokens are the HTTP adapter's business). */
public interface AuthenticateUserUseCase {
    Outcome<UserAccount> register(Username username, Password password);

    /** The same {@link Problem.Unauthorized} whether the user is unknown or the password wrong. */
    Outcome<UserAccount> login(Username username, Password password);
}
