package io.sorarelay.application.service;

import io.sorarelay.application.port.in.AdjustCreditsUseCase;
import io.sorarelay.application.port.in.AdjustCreditsUseCase.AdjustCredits;
import io.sorarelay.application.port.in.AdjustCreditsUseCase.Adjusted;
import io.sorarelay.application.port.in.AdminUserView;
import io.sorarelay.application.port.in.CheckAdminUseCase;
import io.sorarelay.application.port.in.ManageUsersUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.AdminAccountsPort;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import io.sorarelay.domain.admin.AuditEntry;
import io.sorarelay.domain.admin.Role;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Roles, disabling and credit adjustments, each audited. Disabling and enabling go through {@link UserAccountService}
 * so this node's token check knows at once; the others learn within the token check's time.
 */
public final class AdminUsersService implements ManageUsersUseCase, CheckAdminUseCase {
    private static final Problem USER_NOT_FOUND = new Problem.NotFound("user_not_found", "user not found");

    private final UserAccountPort accounts;
    private final AdminAccountsPort admin;
    private final UserAccountService users;
    private final AuditLogPort audit;
    private final AdjustCreditsUseCase credits;
    private final InstantSource clock;

    AdminUsersService(UserAccountPort accounts, AdminAccountsPort admin, UserAccountService users, AuditLogPort audit,
                      AdjustCreditsUseCase credits, InstantSource clock) {
        this.accounts = accounts;
        this.admin = admin;
        this.users = users;
        this.audit = audit;
        this.credits = credits;
        this.clock = clock;
    }

    /** Makes the listed accounts that exist admins (the start's bootstrap); accounts registered later under these names are made admins as they register. */
    void promote(Set<Username> adminUsers) {
        for (Username name : adminUsers) {
            accounts.findByUsername(name).filter(a -> !a.admin()).ifPresent(a -> admin.setAdmin(a.id(), true));
        }
    }

    @Override
    public boolean isAdmin(UserId user) {
        return accounts.findById(user).filter(a -> a.admin() && !a.disabled()).isPresent();
    }

    @Override
    public List<AdminUserView> list(Optional<String> query, int offset, int limit) {
        return admin.search(new AdminAccountsPort.Search(query.map(String::strip).filter(q -> !q.isEmpty()), offset, limit))
                .stream().map(AdminUsersService::view).toList();
    }

    @Override
    public Outcome<AdminUserView> setRole(UserId actor, UserId user, Role role) {
        Optional<UserAccount> before = accounts.findById(user);
        if (before.isEmpty()) return Outcome.err(USER_NOT_FOUND);
        Role was = Role.of(before.get().admin());
        if (was == role) return Outcome.ok(view(before.get()));
        if (actor.equals(user)) return Outcome.err(cannotChangeSelf("revoke your own admin role"));
        Optional<UserAccount> after = admin.setAdmin(user, role == Role.ADMIN);
        if (after.isEmpty()) return Outcome.err(USER_NOT_FOUND);
        record(actor, "user.role", user, was.wire(), role.wire(), "");
        return Outcome.ok(view(after.get()));
    }

    @Override
    public Outcome<AdminUserView> disable(UserId actor, UserId user) {
        Optional<UserAccount> before = accounts.findById(user);
        if (before.isEmpty()) return Outcome.err(USER_NOT_FOUND);
        if (before.get().disabled()) return Outcome.ok(view(before.get()));
        if (actor.equals(user)) return Outcome.err(cannotChangeSelf("disable your own account"));
        if (!users.disable(user)) return Outcome.err(USER_NOT_FOUND);
        record(actor, "user.disable", user, "enabled", "disabled", "");
        return accounts.findById(user).<Outcome<AdminUserView>>map(a -> Outcome.ok(view(a))).orElseGet(() -> Outcome.err(USER_NOT_FOUND));
    }

    @Override
    public Outcome<AdminUserView> enable(UserId actor, UserId user) {
        Optional<UserAccount> before = accounts.findById(user);
        if (before.isEmpty()) return Outcome.err(USER_NOT_FOUND);
        if (!before.get().disabled()) return Outcome.ok(view(before.get()));
        Optional<UserAccount> after = admin.enable(user);
        if (after.isEmpty()) return Outcome.err(USER_NOT_FOUND);
        users.enabled(user, after.get().tokenVersion());
        record(actor, "user.enable", user, "disabled", "enabled", "");
        return Outcome.ok(view(after.get()));
    }

    @Override
    public Outcome<Adjusted> adjustCredits(UserId actor, UserId user, long amount, String reason) {
        if (reason == null || reason.isBlank()) return Outcome.err(new Problem.Invalid("reason", "reason is required"));
        if (amount == 0) return Outcome.err(new Problem.Invalid("amount", "amount must not be zero"));
        if (accounts.findById(user).isEmpty()) return Outcome.err(USER_NOT_FOUND);
        Outcome<Adjusted> done = credits.adjust(new AdjustCredits(user, amount, reason.strip(), actor));
        if (done instanceof Outcome.Ok<Adjusted>(Adjusted a))
            record(actor, "user.credits", user, "balance " + (a.balance() - amount), "balance " + a.balance(), reason.strip());
        return done;
    }

    private void record(UserId actor, String action, UserId target, String before, String after, String reason) {
        audit.append(new AuditEntry.Draft(clock.instant(), actor, action, target.value(), before, after, reason));
    }

    private static Problem cannotChangeSelf(String what) {
        return new Problem.Conflict("cannot_change_self", "an admin cannot " + what + "; ask another admin");
    }

    private static AdminUserView view(UserAccount a) {
        return new AdminUserView(a.id(), a.username(), Role.of(a.admin()), a.disabled(), a.createdAt());
    }
}
