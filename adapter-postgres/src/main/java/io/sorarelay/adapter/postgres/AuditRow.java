package io.sorarelay.adapter.postgres;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.AuditEntry;

import java.time.Instant;

/** One {@code admin_audit_log} row. */
record AuditRow(long id, Instant at, String actor, String action, String target, String beforeState, String afterState, String reason) {
    AuditEntry toDomain() { return new AuditEntry(id, at, new UserId(actor), action, target, beforeState, afterState, reason); }
}
