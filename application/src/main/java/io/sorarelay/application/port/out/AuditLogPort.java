package io.sorarelay.application.port.out;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.AuditEntry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The admin actions' audit log: append-only, read newest first. */
public interface AuditLogPort {

    /**
     * @param actor  only this admin's entries, when given
     * @param target only entries about this user or task id, when given
     */
    record Query(Optional<UserId> actor, Optional<String> target, int offset, int limit) {
        public Query {
            Objects.requireNonNull(actor); Objects.requireNonNull(target);
            if (limit < 1) throw new IllegalArgumentException("limit must be positive");
            if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        }
    }

    /** Stores the entry with the next id; the stored entry. */
    AuditEntry append(AuditEntry.Draft entry);

    /** Matching entries, newest (largest id) first. */
    List<AuditEntry> list(Query query);
}
