package io.sorarelay.application.service;

import io.sorarelay.application.port.in.AuthenticateUserUseCase;
import io.sorarelay.application.port.in.AuthenticateUserUseCase.Account;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;

/** Registration and login. */
public final class UserAccountService implements AuthenticateUserUseCase {
    private final UserAccountPort accounts;
    private final PasswordHasher hasher;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    /** Compared against when the user does not exist, so both failures cost the same time. */
    private final String decoyHash;

    UserAccountService(UserAccountPort accounts, PasswordHasher hasher, InstantSource clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.clock = clock;
        this.decoyHash = hasher.hash(new Password("decoy-password-" + random.nextLong()));
    }

    @Override
    public Outcome<Account> register(Username username, Password password) {
        byte[] id = new byte[10];
        random.nextBytes(id);
        UserAccount account = new UserAccount(new UserId("usr_" + HexFormat.of().formatHex(id)), username, hasher.hash(password),
                false, clock.instant());
        return accounts.create(account).<Outcome<Account>>map(a -> Outcome.ok(account(a)))
                .orElseGet(() -> Outcome.err(new Problem.Conflict("username_taken", "that username is already taken")));
    }

    @Override
    public Outcome<Account> login(Username username, Password password) {
        Optional<UserAccount> account = accounts.findByUsername(username);
        boolean ok = hasher.matches(password, account.map(UserAccount::passwordHash).orElse(decoyHash)) && account.isPresent();
        return ok ? Outcome.ok(account(account.get()))
                : Outcome.err(new Problem.Unauthorized("invalid_credentials", "wrong username or password"));
    }

    private static Account account(UserAccount stored) { return new Account(stored.id(), stored.username()); }
}
