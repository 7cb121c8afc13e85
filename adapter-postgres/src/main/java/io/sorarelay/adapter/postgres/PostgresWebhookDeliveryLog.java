package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.WebhookDeliveryLogPort;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** Webhook ids seen; the primary key makes "first delivery" exact across instances. */
final class PostgresWebhookDeliveryLog implements WebhookDeliveryLogPort {
    private static final String RECORD = """
            INSERT INTO webhook_deliveries (webhook_id, received_at) VALUES (:webhookId, :receivedAt)
            ON CONFLICT (webhook_id) DO NOTHING""";
    private static final String RECORD_ALL = """
            INSERT INTO webhook_deliveries (webhook_id, received_at) SELECT id, :receivedAt FROM unnest(CAST(:webhookIds AS text[])) AS t(id)
            ON CONFLICT (webhook_id) DO NOTHING RETURNING webhook_id""";

    private final Database db;

    PostgresWebhookDeliveryLog(Database db) {
        this.db = db;
    }

    @Override
    public boolean firstDelivery(String webhookId, Instant receivedAt) {
        return db.call(h -> h.createUpdate(RECORD).bind("webhookId", webhookId).bind("receivedAt", Micros.truncate(receivedAt))
                .execute()) == 1;
    }

    @Override
    public Set<String> firstDeliveries(Collection<String> webhookIds, Instant receivedAt) {
        if (webhookIds.isEmpty()) return Set.of();
        String[] ids = webhookIds.stream().distinct().toArray(String[]::new);
        return db.call(h -> h.createQuery(RECORD_ALL).bind("webhookIds", ids).bind("receivedAt", Micros.truncate(receivedAt))
                .mapTo(String.class).collect(Collectors.toSet()));
    }
}
