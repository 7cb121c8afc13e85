package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.AuditEntry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The audit log of admin actions, newest first. */
public interface ReadAuditLogUseCase {

    /** Only one admin's entries, or only those about one account or task id, when given. */
    record Filter(Optional<UserId> actor, Optional<String> target, int offset, int limit) {
        public Filter {
            Objects.requireNonNull(actor); Objects.requireNonNull(target);
            if (limit < 1) throw new IllegalArgumentException("limit must be positive");
            if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        }
    }

    List<AuditEntry> list(Filter filter);
}
