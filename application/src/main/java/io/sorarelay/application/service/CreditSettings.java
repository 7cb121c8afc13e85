package io.sorarelay.application.service;

/**
 * Whether tasks cost credits, and what a new account starts with.
 *
 * @param charge        when false every task is free: nothing is held, nothing touches the ledger
 * @param signupCredits the GRANT a user gets when the account is created (0: none)
 */
public record CreditSettings(boolean charge, long signupCredits) {
    public CreditSettings {
        if (signupCredits < 0) throw new IllegalArgumentException("signup credits must not be negative");
    }

    /** Credits off: every task is free (the default of embedders and tests that do not ask for money). */
    public static CreditSettings off() { return new CreditSettings(false, 0); }

    /** Tasks cost their catalogue price; each new account starts with {@code signupCredits}. */
    public static CreditSettings charging(long signupCredits) { return new CreditSettings(true, signupCredits); }
}
