package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.WebhookDeliveryLogPort;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Webhook ids seen; the primary key makes "first delivery" exact across instances. Concurrent single deliveries (a
 * burst of webhooks, each request recording its own) share one statement and one commit ({@link GroupCommit}).
 */
final class PostgresWebhookDeliveryLog implements WebhookDeliveryLogPort {
    /** Batches of deliveries recorded at once, and the most deliveries in one. */
    static final int DELIVERY_LANES = 4;
    static final int DELIVERY_BATCH = 200;

    private static final String RECORD = """
            INSERT INTO webhook_deliveries (webhook_id, received_at) VALUES (:webhookId, :receivedAt)
            ON CONFLICT (webhook_id) DO NOTHING""";
    /** Each delivery with its own time; a webhook id twice in the list is inserted once (DO NOTHING skips the second). */
    private static final String RECORD_EACH = """
            INSERT INTO webhook_deliveries (webhook_id, received_at)
            SELECT id, received_at FROM unnest(CAST(:webhookIds AS text[]), CAST(:receivedAt AS timestamptz[])) AS t(id, received_at)
            ON CONFLICT (webhook_id) DO NOTHING
            RETURNING webhook_id""";
    private static final String RECORD_ALL = """
            INSERT INTO webhook_deliveries (webhook_id, received_at)
            SELECT id, :receivedAt FROM unnest(CAST(:webhookIds AS text[])) AS t(id)
            ON CONFLICT (webhook_id) DO NOTHING
            RETURNING webhook_id""";

    private record Delivery(String webhookId, Instant receivedAt) {}

    private final Database db;
    private final GroupCommit<Delivery, Boolean> deliveries;

    PostgresWebhookDeliveryLog(Database db, BatchMetrics metrics) {
        this.db = db;
        this.deliveries = new GroupCommit<>(DELIVERY_LANES, DELIVERY_BATCH, this::recordBatch, metrics.observer("delivery"));
    }

    @Override
    public boolean firstDelivery(String webhookId, Instant receivedAt) {
        return deliveries.submit(new Delivery(webhookId, Micros.truncate(receivedAt)));
    }

    @Override
    public Set<String> firstDeliveries(Collection<String> webhookIds, Instant receivedAt) {
        if (webhookIds.isEmpty()) return Set.of();
        String[] ids = webhookIds.stream().distinct().toArray(String[]::new);
        return db.call(h -> h.createQuery(RECORD_ALL).bind("webhookIds", ids).bind("receivedAt", Micros.truncate(receivedAt))
                .mapTo(String.class).collect(Collectors.toSet()));
    }

    /** Deliveries waiting for a lane (for tests). */
    int queued() {
        return deliveries.queued();
    }

    /** Of two deliveries with one webhook id in a batch, only the first in the batch is the first delivery. */
    private List<Boolean> recordBatch(List<Delivery> batch) {
        if (batch.size() == 1) {
            Delivery d = batch.getFirst();
            return List.of(db.call(h -> h.createUpdate(RECORD).bind("webhookId", d.webhookId()).bind("receivedAt", d.receivedAt())
                    .execute()) == 1);
        }
        String[] ids = batch.stream().map(Delivery::webhookId).toArray(String[]::new);
        String[] times = batch.stream().map(d -> d.receivedAt().toString()).toArray(String[]::new);
        Set<String> inserted = new HashSet<>(db.call(h -> h.createQuery(RECORD_EACH).bind("webhookIds", ids).bind("receivedAt", times)
                .mapTo(String.class).list()));
        List<Boolean> first = new ArrayList<>(batch.size());
        for (Delivery d : batch) first.add(inserted.remove(d.webhookId()));
        return first;
    }
}
