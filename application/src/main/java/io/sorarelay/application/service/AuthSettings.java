package io.sorarelay.application.service;

import io.sorarelay.domain.CommonPasswords;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Sign-in's tunables (docs/configuration.md, {@code AUTH_*}). Every limit counts in one sliding {@code window} and is
 * shared by every node that shares the rate limiter (Redis); 0 turns a limit off.
 *
 * @param window                  how long an attempt counts
 * @param failuresPerAddress      failed logins per client address, whatever the username
 * @param failuresPerUsername     failed logins per username from all addresses; past it each address has one attempt
 *                                per window at that username, so its owner (from an address that has not failed) still
 *                                signs in while an attacker's addresses are held off ({@link SignInThrottle})
 * @param registrationsPerAddress accounts registered per client address
 * @param tokenCheck              how long a node trusts a user's token version it has read: a token ended on another node
 *                                (logout, a disabled account) is refused here at the latest this much later
 * @param commonPasswords         refused as a new account's password
 */
public record AuthSettings(Duration window, int failuresPerAddress, int failuresPerUsername, int registrationsPerAddress,
                           Duration tokenCheck, CommonPasswords commonPasswords) {
    /** The bundled list: SecLists' 10,000 most common passwords, those of 8 characters or more. */
    private static final String COMMON_PASSWORDS = "common-passwords.txt";

    public AuthSettings {
        Objects.requireNonNull(window); Objects.requireNonNull(tokenCheck); Objects.requireNonNull(commonPasswords);
        if (!window.isPositive()) throw new IllegalArgumentException("window must be positive");
        if (tokenCheck.isNegative()) throw new IllegalArgumentException("tokenCheck must not be negative");
        if (failuresPerAddress < 0 || failuresPerUsername < 0 || registrationsPerAddress < 0)
            throw new IllegalArgumentException("limits must not be negative");
    }

    /** Ten minutes; 20 failures per address, 10 per username, 20 registrations per address; versions trusted 5 s. */
    public static AuthSettings defaults() {
        return new AuthSettings(Duration.ofMinutes(10), 20, 10, 20, Duration.ofSeconds(1), Bundled.LIST);
    }

    /** No sign-in limit (benchmarks, embedders that limit in front), the same token check and password list. */
    public AuthSettings unlimited() { return withLimits(0, 0, 0); }

    public AuthSettings withLimits(int failuresPerAddress, int failuresPerUsername, int registrationsPerAddress) {
        return new AuthSettings(window, failuresPerAddress, failuresPerUsername, registrationsPerAddress, tokenCheck, commonPasswords);
    }

    public AuthSettings withWindow(Duration w) {
        return new AuthSettings(w, failuresPerAddress, failuresPerUsername, registrationsPerAddress, tokenCheck, commonPasswords);
    }

    public AuthSettings withTokenCheck(Duration d) {
        return new AuthSettings(window, failuresPerAddress, failuresPerUsername, registrationsPerAddress, d, commonPasswords);
    }

    public AuthSettings withCommonPasswords(CommonPasswords c) {
        return new AuthSettings(window, failuresPerAddress, failuresPerUsername, registrationsPerAddress, tokenCheck, c);
    }

    /** Read once, on first use, from the application's resources. */
    private static final class Bundled {
        static final CommonPasswords LIST = load();

        private static CommonPasswords load() {
            try (InputStream in = AuthSettings.class.getResourceAsStream(COMMON_PASSWORDS)) {
                if (in == null) throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the application's resources");
                List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                return CommonPasswords.of(lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
