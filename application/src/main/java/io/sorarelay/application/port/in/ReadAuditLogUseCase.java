package io.sorarelay.application.port.in;

import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.domain.admin.AuditEntry;

import java.util.List;

/** The audit log of admin actions, newest first. */
public interface ReadAuditLogUseCase {
    List<AuditEntry> list(AuditLogPort.Query query);
}
