package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.Role;

import java.util.List;
import java.util.Optional;

/**
 * An admin's work on accounts. Every change is audited (who, what, target, before, after); a change that changes
 * nothing (a role set to what it is) is answered but not audited. An admin cannot demote or disable themself, so the
 * last admin cannot lock everyone out. {@link Problem.NotFound} ({@code user_not_found}) for an unknown user.
 */
public interface ManageUsersUseCase {

    /** One page of accounts; {@code query} matches part of the username, case-insensitively. */
    List<AdminUserView> list(Optional<String> query, int offset, int limit);

    Outcome<AdminUserView> setRole(UserId actor, UserId user, Role role);

    /** The user's login tokens and API keys stop at once on this node, on the others within the token check's time. */
    Outcome<AdminUserView> disable(UserId actor, UserId user);

    /** The user may sign in again; tokens ended by the disabling stay ended. */
    Outcome<AdminUserView> enable(UserId actor, UserId user);

    /** A credit adjustment through {@link AdjustCreditsUseCase}, audited with its reason. */
    Outcome<AdjustCreditsUseCase.Adjusted> adjustCredits(UserId actor, UserId user, long amount, String reason);
}
