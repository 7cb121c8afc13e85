package io.sorarelay.application.service;

import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.RateLimiterPort;
import io.sorarelay.domain.Username;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Limits of login and registration over the shared {@link RateLimiterPort}, checked before any password is hashed.
 * <p>
 * A login takes a permit per client address and one per username before its password is checked, and gives both back
 * when it succeeds: only failures count. The per-username limit alone would be a weapon, since anyone could fail on
 * purpose until the owner is refused too. So once a username has used its failures, an address may still make
 * <em>one</em> attempt at it per window: the owner, from an address that has not failed at that name, signs in;
 * each of an attacker's addresses gets one guess per window at the name after the first burst, and its overall
 * failures per address stay bounded by the address limit. The cost: an owner who shares an address with the attacker
 * (one NAT), or who mistypes once while the name is under attack, waits for the window.
 */
final class SignInThrottle {
    private final RateLimiterPort limiter;
    private final AuthSettings settings;

    SignInThrottle(RateLimiterPort limiter, AuthSettings settings) {
        this.limiter = limiter;
        this.settings = settings;
    }

    /**
     * Empty when the login may go on, holding the permits now in {@code held} ({@link #giveBack} returns them unless
     * it fails); else why it may not, holding none.
     */
    Optional<Problem> beforeLogin(Username username, String client, List<String> held) {
        Duration window = settings.window();
        if (settings.failuresPerAddress() > 0) {
            String key = "login-addr:" + client;
            Optional<Duration> wait = limiter.tryAcquire(key, settings.failuresPerAddress(), window);
            if (wait.isPresent()) return Optional.of(tooManyAttempts(wait.get()));
            held.add(key);
        }
        if (settings.failuresPerUsername() > 0) {
            String name = username.value().toLowerCase(Locale.ROOT);
            String key = "login-user:" + name;
            if (limiter.tryAcquire(key, settings.failuresPerUsername(), window).isEmpty()) {
                held.add(key);
            } else {
                String pair = "login-user-addr:" + name + "|" + client;
                Optional<Duration> wait = limiter.tryAcquire(pair, 1, window);
                if (wait.isPresent()) {
                    giveBack(held);
                    held.clear();
                    return Optional.of(tooManyAttempts(wait.get()));
                }
                held.add(pair);
            }
        }
        return Optional.empty();
    }

    /** Empty when the address may register another account, holding the permit now in {@code held}; else why not. */
    Optional<Problem> beforeRegistration(String client, List<String> held) {
        if (settings.registrationsPerAddress() == 0) return Optional.empty();
        String key = "register-addr:" + client;
        Optional<Duration> wait = limiter.tryAcquire(key, settings.registrationsPerAddress(), settings.window());
        if (wait.isPresent())
            return Optional.of(new Problem.Limited("too_many_registrations", "too many accounts registered from this address; retry later",
                    wait.get()));
        held.add(key);
        return Optional.empty();
    }

    /** Gives the permits back: the login succeeded, or the attempt was not made (hashing was too busy to take it). */
    void giveBack(List<String> held) {
        for (String key : held) limiter.refund(key, settings.window());
    }

    private static Problem tooManyAttempts(Duration wait) {
        return new Problem.Limited("too_many_attempts", "too many failed sign-ins; retry later", wait);
    }

    static List<String> newHold() { return new ArrayList<>(2); }
}
