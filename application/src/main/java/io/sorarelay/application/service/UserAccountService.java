package io.sorarelay.application.service;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.in.AuthenticateUserUseCase;
import io.sorarelay.application.port.in.AuthenticateUserUseCase.Account;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.application.port.out.RateLimiterPort;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Registration, login (throttled by {@link SignInThrottle}), logout and the token version check ({@link TokenVersions}). */
public final class UserAccountService implements AuthenticateUserUseCase {
    private final UserAccountPort accounts;
    private final PasswordHasher hasher;
    private final InstantSource clock;
    private final AuthSettings settings;
    private final SignInThrottle throttle;
    private final TokenVersions versions;
    private final SecureRandom random = new SecureRandom();
    /** Compared against when the user does not exist, so both failures cost the same time. */
    private final String decoyHash;
    /** Usernames (lower case) made admins as they register: {@code ADMIN_USERS}, set when the admin API is wired. */
    private volatile Set<String> adminsAtRegistration = Set.of();

    /** The GRANT a new account is stored with: its signup credits. */
    private final Credits signupGrant;

    UserAccountService(UserAccountPort accounts, PasswordHasher hasher, RateLimiterPort limiter, AuthSettings settings, InstantSource clock) {
        this(accounts, hasher, limiter, settings, clock, Credits.ZERO);
    }

    UserAccountService(UserAccountPort accounts, PasswordHasher hasher, RateLimiterPort limiter, AuthSettings settings, InstantSource clock,
                       Credits signupGrant) {
        this.signupGrant = signupGrant;
        this.accounts = accounts;
        this.hasher = hasher;
        this.clock = clock;
        this.settings = settings;
        this.throttle = new SignInThrottle(limiter, settings);
        this.versions = new TokenVersions(accounts, settings.tokenCheck(), clock);
        this.decoyHash = hasher.hash(new Password("decoy-password-" + random.nextLong()));
    }

    @Override
    public Outcome<Account> register(Username username, Password password, String client) {
        try {
            password.requireFitFor(username, settings.commonPasswords());
        } catch (InvalidValueException e) {
            return Outcome.err(new Problem.Invalid(e.field(), e.getMessage()));
        }
        List<String> held = SignInThrottle.newHold();
        Optional<Problem> limited = throttle.beforeRegistration(client, held);
        if (limited.isPresent()) return Outcome.err(limited.get());
        Optional<String> hash = hashing(held, () -> hasher.hash(password));
        if (hash.isEmpty()) return Outcome.err(hashingBusy());
        byte[] id = new byte[10];
        random.nextBytes(id);
        boolean admin = adminsAtRegistration.contains(username.value().toLowerCase(Locale.ROOT));
        UserAccount account = new UserAccount(new UserId("usr_" + HexFormat.of().formatHex(id)), username, hash.get(), admin, clock.instant());
        // The account and its signup grant are one atomic write: no account is ever left without its credits.
        return accounts.create(account, signupGrant).<Outcome<Account>>map(a -> Outcome.ok(account(a)))
                .orElseGet(() -> Outcome.err(new Problem.Conflict("username_taken", "that username is already taken")));
    }

    @Override
    public Outcome<Account> login(Username username, Password password, String client) {
        List<String> held = SignInThrottle.newHold();
        Optional<Problem> limited = throttle.beforeLogin(username, client, held);
        if (limited.isPresent()) return Outcome.err(limited.get());
        Optional<UserAccount> account;
        try {
            account = accounts.findByUsername(username);
        } catch (RuntimeException e) {
            throttle.giveBack(held);   // the store failed, not the caller
            throw e;
        }
        String stored = account.filter(a -> !a.disabled()).map(UserAccount::passwordHash).orElse(decoyHash);
        Optional<Boolean> matches = hashing(held, () -> hasher.matches(password, stored));
        if (matches.isEmpty()) return Outcome.err(hashingBusy());
        boolean ok = matches.get() && account.isPresent() && !account.get().disabled();
        if (!ok) return Outcome.err(new Problem.Unauthorized("invalid_credentials", "wrong username or password"));
        throttle.giveBack(held);
        return Outcome.ok(account(account.get()));
    }

    @Override
    public boolean tokenIsCurrent(UserId user, long tokenVersion) { return versions.isCurrent(user, tokenVersion); }

    /** Whether the account exists and is enabled, as the token check knows it (its API keys work only then). */
    boolean isEnabled(UserId user) { return versions.isUsable(user); }

    @Override
    public void logout(UserId user) {
        OptionalLong raised = accounts.raiseTokenVersion(user);
        if (raised.isPresent()) versions.raised(user, raised.getAsLong());
        else versions.disabled(user);
    }

    /** This node enabled the user again (after the store's write), whose tokens now carry {@code tokenVersion}. */
    void enabled(UserId user, long tokenVersion) { versions.raised(user, tokenVersion); }

    void makeAdminsAtRegistration(Set<Username> usernames) {
        adminsAtRegistration = usernames.stream().map(u -> u.value().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean disable(UserId user) {
        boolean done = accounts.disable(user);
        versions.disabled(user);
        return done;
    }

    /**
     * The hasher's answer, or empty when it has no room for this call now (its bounded capacity is full): the
     * attempt was not made, so its sign-in permits are given back and the caller is told to retry.
     */
    private <T> Optional<T> hashing(List<String> held, Supplier<T> work) {
        try {
            return Optional.of(work.get());
        } catch (DependencyUnavailableException busy) {
            throttle.giveBack(held);
            return Optional.empty();
        }
    }

    private static Problem hashingBusy() {
        return new Problem.Unavailable("sign_in_busy", "too many sign-ins at once; retry shortly", PasswordHasher.BUSY_RETRY_AFTER);
    }

    private static Account account(UserAccount stored) { return new Account(stored.id(), stored.username(), stored.tokenVersion()); }
}
