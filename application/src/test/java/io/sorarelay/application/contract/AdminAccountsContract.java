package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.AdminAccountsPort;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin's view of accounts: search by part of the username in creation order, set the role, enable again. */
public abstract class AdminAccountsContract {
    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.123456Z");

    /** The same store in both roles. */
    public record Stores(UserAccountPort accounts, AdminAccountsPort admin) {}

    /** A store; it may hold other tests' accounts, as every name and id here is this test's own. */
    protected abstract Stores newStores() throws Exception;

    private Stores stores;
    private String suffix;

    @BeforeEach
    void fresh() throws Exception {
        stores = newStores();
        suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private UserAccount created(String name, int second) {
        UserAccount a = new UserAccount(new UserId("usr_" + name + suffix), new Username("u" + suffix + name), "$argon2id$hash-of-" + name,
                false, CREATED.plusSeconds(second));
        assertThat(stores.accounts().create(a)).hasValue(a);
        return a;
    }

    @Test
    void search_matches_part_of_the_username_in_any_case_in_creation_order_and_pages() {
        UserAccount albert = created("Albert", 2);
        UserAccount alice = created("alice", 1);
        UserAccount bob = created("bob", 3);
        assertThat(stores.admin().search(new AdminAccountsPort.Search(Optional.of(suffix.toUpperCase() + "AL"), 0, 10)))
                .containsExactly(alice, albert);
        assertThat(stores.admin().search(new AdminAccountsPort.Search(Optional.of(suffix + "al"), 1, 10))).containsExactly(albert);
        assertThat(stores.admin().search(new AdminAccountsPort.Search(Optional.of(suffix + "al"), 0, 1))).containsExactly(alice);
        assertThat(stores.admin().search(new AdminAccountsPort.Search(Optional.of(suffix), 0, 10))).containsExactly(alice, albert, bob);
    }

    @Test
    void the_role_is_stored_with_the_account() {
        UserAccount dan = created("dan", 1);
        assertThat(stores.admin().setAdmin(dan.id(), true)).hasValueSatisfying(a -> assertThat(a.admin()).isTrue());
        assertThat(stores.accounts().findById(dan.id())).hasValueSatisfying(a -> assertThat(a.admin()).isTrue());
        assertThat(stores.admin().setAdmin(dan.id(), false)).hasValueSatisfying(a -> assertThat(a.admin()).isFalse());
        assertThat(stores.accounts().findById(dan.id())).hasValueSatisfying(a -> assertThat(a.admin()).isFalse());
        assertThat(stores.admin().setAdmin(new UserId("usr_nobody" + suffix), true)).isEmpty();
    }

    @Test
    void enabling_keeps_the_token_version_the_disabling_raised() {
        UserAccount eve = created("eve", 1);
        assertThat(stores.accounts().disable(eve.id())).isTrue();
        Optional<UserAccount> enabled = stores.admin().enable(eve.id());
        assertThat(enabled).hasValueSatisfying(a -> {
            assertThat(a.disabled()).isFalse();
            assertThat(a.tokenVersion()).isEqualTo(1);
        });
        assertThat(stores.accounts().findById(eve.id())).isEqualTo(enabled);
        assertThat(stores.admin().enable(new UserId("usr_nobody" + suffix))).isEmpty();
    }
}
