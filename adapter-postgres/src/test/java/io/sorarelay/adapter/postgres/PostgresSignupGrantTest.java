package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import io.sorarelay.domain.credit.Balance;
import io.sorarelay.domain.credit.LedgerEntry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the contract cannot inject: a grant that fails in the database rolls the account back with it. */
class PostgresSignupGrantTest {
    private static final String FAIL_GRANTS = """
            CREATE FUNCTION refuse_grant() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'injected grant failure'; END $$;
            CREATE TRIGGER refuse_grant BEFORE INSERT ON credit_ledger FOR EACH ROW WHEN (NEW.kind = 'GRANT')
            EXECUTE FUNCTION refuse_grant()""";

    @Test
    void a_failed_grant_leaves_neither_the_account_nor_the_grant() throws SQLException {
        PostgresConfig config = TestDatabase.get().newSchemaConfig();
        try (PostgresAdapter pg = PostgresAdapter.connect(config); Connection raw = TestDatabase.get().connect(config.schema())) {
            UserAccount alice = new UserAccount(new UserId("usr_alice"), new Username("alice"), "$argon2id$hash-of-alice", false,
                    Instant.parse("2026-03-01T12:00:00Z"));
            try (Statement s = raw.createStatement()) {
                s.execute(FAIL_GRANTS);
            }
            assertThatThrownBy(() -> pg.userAccounts().create(alice, Credits.of(500))).hasStackTraceContaining("injected grant failure");
            assertThat(pg.userAccounts().findById(alice.id())).as("the account rolled back with its grant").isEmpty();
            assertThat(pg.userAccounts().findByUsername(alice.username())).isEmpty();
            assertThat(pg.creditLedger().entries(alice.id())).isEmpty();
            assertThat(pg.creditLedger().balance(alice.id())).isEqualTo(Balance.EMPTY);
            assertThat(count(raw, "SELECT count(*) FROM users")).isZero();
            assertThat(count(raw, "SELECT count(*) FROM credit_balances")).isZero();

            try (Statement s = raw.createStatement()) {
                s.execute("DROP TRIGGER refuse_grant ON credit_ledger");
            }
            assertThat(pg.userAccounts().create(alice, Credits.of(500))).as("the same signup once the fault is gone").hasValue(alice);
            assertThat(pg.creditLedger().balance(alice.id()).available()).isEqualTo(Credits.of(500));
            assertThat(LedgerEntry.replay(pg.creditLedger().entries(alice.id()))).isEqualTo(pg.creditLedger().balance(alice.id()));
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
