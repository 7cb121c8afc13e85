package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;

/** The caller's own account: who they are and where their credits are. */
public interface GetAccountUseCase {

    /**
     * @param role    {@code user} or {@code admin}
     * @param balance credits available to spend
     * @param held    credits set aside for running tasks
     * @param spent   credits completed tasks took
     */
    record AccountView(UserId id, String username, String role, long balance, long held, long spent) {}

    /** {@link Problem.NotFound} for an account that is gone. */
    Outcome<AccountView> account(UserId user);
}
