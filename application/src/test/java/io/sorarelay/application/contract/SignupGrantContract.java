package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import io.sorarelay.domain.credit.Balance;
import io.sorarelay.domain.credit.LedgerEntry;
import io.sorarelay.domain.credit.LedgerEntryKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account and its signup grant are one atomic write (in memory, PostgreSQL): a stored account has exactly its grant,
 * a refused account (username or id taken) writes no grant, and the ledger always replays to the balance.
 */
public abstract class SignupGrantContract {
    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.123456Z");

    /** Accounts whose grants {@code ledger} keeps. */
    public record Stores(UserAccountPort accounts, CreditLedgerPort ledger) {}

    /** Stores that may hold other tests' accounts: every name and id here is this test's own. */
    protected abstract Stores newStores();

    private Stores stores;
    private String suffix;

    @BeforeEach
    void fresh() {
        stores = newStores();
        suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private UserAccount account(String id, String username) {
        return new UserAccount(new UserId(id + "_" + suffix), new Username(username + "_" + suffix), "$argon2id$hash-of-" + username,
                false, CREATED);
    }

    private void assertBooksAddUp(UserId user) {
        assertThat(LedgerEntry.replay(stores.ledger().entries(user))).isEqualTo(stores.ledger().balance(user));
    }

    @Test
    void an_account_is_stored_with_exactly_its_grant() {
        UserAccount alice = account("usr_a", "alice");
        assertThat(stores.accounts().create(alice, Credits.of(500))).hasValue(alice);
        assertThat(stores.accounts().findById(alice.id())).hasValue(alice);
        assertThat(stores.ledger().entries(alice.id())).singleElement()
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(LedgerEntryKind.GRANT);
                    assertThat(e.amount()).isEqualTo(Credits.of(500));
                });
        assertThat(stores.ledger().balance(alice.id()).available()).isEqualTo(Credits.of(500));
        assertBooksAddUp(alice.id());
    }

    @Test
    void a_zero_grant_writes_no_entry() {
        UserAccount bob = account("usr_b", "bob");
        assertThat(stores.accounts().create(bob, Credits.ZERO)).hasValue(bob);
        assertThat(stores.ledger().entries(bob.id())).isEmpty();
        assertThat(stores.ledger().balance(bob.id())).isEqualTo(Balance.EMPTY);
    }

    @Test
    void a_refused_account_writes_no_grant() {
        UserAccount first = account("usr_1", "carol");
        UserAccount sameName = account("usr_2", "CAROL");
        UserAccount sameId = account("usr_1", "dave");
        assertThat(stores.accounts().create(first, Credits.of(100))).isPresent();
        assertThat(stores.accounts().create(sameName, Credits.of(100))).isEmpty();
        assertThat(stores.accounts().create(sameId, Credits.of(100))).isEmpty();
        assertThat(stores.ledger().entries(sameName.id())).as("the refused account's id").isEmpty();
        assertThat(stores.ledger().entries(first.id())).as("the first account got its grant once").hasSize(1);
        assertThat(stores.ledger().balance(first.id()).available()).isEqualTo(Credits.of(100));
        assertBooksAddUp(first.id());
    }
}
