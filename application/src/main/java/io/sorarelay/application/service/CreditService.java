package io.sorarelay.application.service;

import io.sorarelay.application.port.in.AdjustCreditsUseCase;
import io.sorarelay.application.port.in.GetAccountUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.application.port.out.CreditLedgerPort.AdjustResult;
import io.sorarelay.application.port.out.CreditLedgerPort.Adjustment;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.credit.Balance;

import java.util.Objects;

/**
 * Credits outside of tasks: an operator's adjustment and the account view (the signup grant is stored with the
 * account, {@link UserAccountPort#create(UserAccountPort.UserAccount, Credits)}). Holds, captures and releases are not here:
 * the task store writes them with the task changes they belong to.
 */
public final class CreditService implements AdjustCreditsUseCase, GetAccountUseCase {
    private final CreditLedgerPort ledger;
    private final UserAccountPort users;

    public CreditService(CreditLedgerPort ledger, UserAccountPort users) {
        this.ledger = Objects.requireNonNull(ledger);
        this.users = Objects.requireNonNull(users);
    }

    @Override
    public Outcome<Adjusted> adjust(AdjustCredits c) {
        if (c.amount() == 0) return Outcome.err(new Problem.Invalid("amount", "an adjustment moves credits: amount must not be 0"));
        if (c.reason().isBlank()) return Outcome.err(new Problem.Invalid("reason", "an adjustment needs a reason"));
        if (users.findById(c.user()).isEmpty()) return Outcome.err(new Problem.NotFound("user_not_found", "user not found"));
        return switch (ledger.adjust(new Adjustment(c.user(), c.amount(), c.reason().strip(), c.actor()))) {
            case AdjustResult.Adjusted a -> Outcome.ok(adjusted(c.user(), a.balance()));
            case AdjustResult.NotEnoughAvailable n -> Outcome.err(new Problem.Conflict("insufficient_credits",
                    "a deduction of " + -c.amount() + " credits leaves less than running tasks hold: " + n.balance().available().value()
                            + " are available"));
        };
    }

    @Override
    public Outcome<AccountView> account(UserId user) {
        return users.findById(user).<Outcome<AccountView>>map(a -> {
            Balance b = ledger.balance(user);
            return Outcome.ok(new AccountView(a.id(), a.username().value(), a.admin() ? "admin" : "user", b.available().value(),
                    b.held().value(), b.spent().value()));
        }).orElseGet(() -> Outcome.err(new Problem.NotFound("user_not_found", "user not found")));
    }

    /** The user's balance as the account view shows it. */
    public Balance balance(UserId user) {
        return ledger.balance(user);
    }

    private static Adjusted adjusted(UserId user, Balance b) {
        return new Adjusted(user, b.available().value(), b.held().value());
    }
}
