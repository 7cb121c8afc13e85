package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.WebhookDeliveryLogPort;

import java.time.Instant;

/** Webhook ids seen; the primary key makes "first delivery" exact across instances. */
final class PostgresWebhookDeliveryLog implements WebhookDeliveryLogPort {
    private static final String RECORD = """
            INSERT INTO webhook_deliveries (webhook_id, received_at) VALUES (:webhookId, :receivedAt)
            ON CONFLICT (webhook_id) DO NOTHING""";

    private final Database db;

    PostgresWebhookDeliveryLog(Database db) {
        this.db = db;
    }

    @Override
    public boolean firstDelivery(String webhookId, Instant receivedAt) {
        return db.call(h -> h.createUpdate(RECORD).bind("webhookId", webhookId).bind("receivedAt", Micros.truncate(receivedAt))
                .execute()) == 1;
    }
}
