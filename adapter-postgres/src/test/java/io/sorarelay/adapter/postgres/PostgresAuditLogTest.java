package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.AuditEntry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the contract cannot say: the table itself refuses to change or lose an entry, whoever connects. */
class PostgresAuditLogTest {
    @Test
    void the_audit_table_refuses_updates_and_deletes() throws SQLException {
        PostgresConfig config = TestDatabase.get().newSchemaConfig();
        try (PostgresAdapter pg = PostgresAdapter.connect(config); Connection raw = TestDatabase.get().connect(config.schema())) {
            AuditEntry stored = pg.auditLog().append(new AuditEntry.Draft(Instant.parse("2026-03-01T12:00:00Z"), new UserId("usr_admin"),
                    "user.role", "usr_target", "user", "admin", ""));
            try (Statement s = raw.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("UPDATE admin_audit_log SET after_state = 'user'"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM admin_audit_log"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            }
            assertThat(pg.auditLog().list(new AuditLogPort.Query(Optional.empty(), Optional.empty(), 0, 10))).containsExactly(stored);
        }
    }
}
