package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** User accounts: a username is taken in any case, an id once, and an account reads back as it was created. */
public abstract class UserAccountContract {
    /** Instants at a store's precision (microseconds), so that what is read back equals what was written. */
    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.123456Z");

    /** An account store; it may hold other tests' accounts, as every name and id here is this test's own. */
    protected abstract UserAccountPort newAccounts() throws Exception;

    private UserAccountPort accounts;
    private String suffix;

    @BeforeEach
    void store() throws Exception {
        accounts = newAccounts();
        suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private UserAccount account(String id, String username, boolean admin) {
        return new UserAccount(new UserId(id + "_" + suffix), new Username(username + "_" + suffix), "$argon2id$hash-of-" + username,
                admin, CREATED);
    }

    @Test
    void a_created_account_reads_back_by_id_and_by_username_in_any_case() {
        UserAccount alice = account("usr_a", "Alice", true);
        assertThat(accounts.create(alice)).hasValue(alice);
        assertThat(accounts.findById(alice.id())).hasValue(alice);
        assertThat(accounts.findByUsername(alice.username())).hasValue(alice);
        assertThat(accounts.findByUsername(new Username(alice.username().value().toUpperCase(Locale.ROOT)))).hasValue(alice);
        assertThat(accounts.findByUsername(new Username(alice.username().value().toLowerCase(Locale.ROOT)))).hasValue(alice);
    }

    @Test
    void a_username_taken_in_another_case_is_refused_and_the_first_account_stays() {
        UserAccount first = account("usr_1", "bob", false);
        UserAccount second = account("usr_2", "BOB", true);
        assertThat(accounts.create(first)).isPresent();
        assertThat(accounts.create(second)).isEmpty();
        assertThat(accounts.findByUsername(second.username())).hasValue(first);
        assertThat(accounts.findById(second.id())).as("the refused account was not stored").isEmpty();
    }

    @Test
    void an_id_taken_by_another_username_is_refused_and_the_first_account_stays() {
        UserAccount first = account("usr_same", "carol", false);
        UserAccount second = account("usr_same", "dave", true);
        assertThat(accounts.create(first)).isPresent();
        assertThat(accounts.create(second)).isEmpty();
        assertThat(accounts.findById(first.id())).hasValue(first);
        assertThat(accounts.findByUsername(second.username())).as("the refused account was not stored").isEmpty();
    }

    @Test
    void unknown_ids_and_usernames_find_nothing() {
        assertThat(accounts.findById(new UserId("usr_unknown_" + suffix))).isEmpty();
        assertThat(accounts.findByUsername(new Username("nobody_" + suffix))).isEmpty();
        assertThat(accounts.raiseTokenVersion(new UserId("usr_unknown_" + suffix))).isEmpty();
        assertThat(accounts.disable(new UserId("usr_unknown_" + suffix))).isFalse();
    }

    @Test
    void a_new_account_starts_at_token_version_zero_and_each_raise_adds_one() {
        UserAccount erin = account("usr_e", "erin", false);
        accounts.create(erin);
        assertThat(accounts.findById(erin.id()).orElseThrow().tokenVersion()).isZero();
        assertThat(accounts.raiseTokenVersion(erin.id())).hasValue(1);
        assertThat(accounts.raiseTokenVersion(erin.id())).hasValue(2);
        UserAccount read = accounts.findByUsername(erin.username()).orElseThrow();
        assertThat(read.tokenVersion()).isEqualTo(2);
        assertThat(read.disabled()).isFalse();
        assertThat(read.passwordHash()).as("nothing else changed").isEqualTo(erin.passwordHash());
    }

    @Test
    void disabling_an_account_raises_its_token_version_and_is_read_back_by_id_and_username() {
        UserAccount frank = account("usr_f", "frank", false);
        accounts.create(frank);
        accounts.raiseTokenVersion(frank.id());
        assertThat(accounts.disable(frank.id())).isTrue();
        assertThat(accounts.findById(frank.id())).hasValueSatisfying(a -> {
            assertThat(a.disabled()).isTrue();
            assertThat(a.tokenVersion()).isEqualTo(2);
        });
        assertThat(accounts.findByUsername(frank.username()).orElseThrow().disabled()).isTrue();
        UserAccount other = account("usr_g", "grace", false);
        accounts.create(other);
        assertThat(accounts.findById(other.id()).orElseThrow().disabled()).as("only that account").isFalse();
    }

    @Test
    void an_account_created_with_a_token_version_reads_it_back() {
        UserAccount hal = new UserAccount(new UserId("usr_h_" + suffix), new Username("hal_" + suffix), "$argon2id$x", false, CREATED, 7, false);
        assertThat(accounts.create(hal)).hasValue(hal);
        assertThat(accounts.findById(hal.id())).hasValue(hal);
    }
}
