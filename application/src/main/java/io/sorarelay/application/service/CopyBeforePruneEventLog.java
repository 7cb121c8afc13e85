package io.sorarelay.application.service;

import io.sorarelay.application.port.in.DispatchWebhooksUseCase;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.domain.UserId;

import java.time.Instant;

/**
 * The event log as the pruning sees it when outbound webhooks are on: before any event is dropped, every owner's events
 * are copied into the webhook outbox, and if that fails nothing is pruned. So an event older than the retention is
 * gone only after it was copied.
 */
public final class CopyBeforePruneEventLog implements TaskEventLogPort {
    private final TaskEventLogPort log;
    private final DispatchWebhooksUseCase outbox;

    public CopyBeforePruneEventLog(TaskEventLogPort log, DispatchWebhooksUseCase outbox) {
        this.log = log;
        this.outbox = outbox;
    }

    @Override public Replay eventsAfter(UserId owner, long afterId, int limit) { return log.eventsAfter(owner, afterId, limit); }

    @Override public long lastEventId(UserId owner) { return log.lastEventId(owner); }

    @Override public int pruneBefore(Instant cutoff) {
        outbox.catchUp();
        return log.pruneBefore(cutoff);
    }
}
