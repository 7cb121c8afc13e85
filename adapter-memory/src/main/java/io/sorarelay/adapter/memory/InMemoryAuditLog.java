package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.domain.admin.AuditEntry;

import java.util.ArrayList;
import java.util.List;

/** The audit log in memory: a list only ever appended to. */
public final class InMemoryAuditLog implements AuditLogPort {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized AuditEntry append(AuditEntry.Draft draft) {
        AuditEntry stored = draft.withId(entries.size() + 1L);
        entries.add(stored);
        return stored;
    }

    @Override
    public synchronized List<AuditEntry> list(Query q) {
        return entries.reversed().stream()
                .filter(e -> q.actor().map(a -> e.actor().equals(a)).orElse(true))
                .filter(e -> q.target().map(t -> e.target().equals(t)).orElse(true))
                .skip(q.offset()).limit(q.limit()).toList();
    }
}
