package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.WebhookDeliveryLogPort;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Webhook ids seen, in memory. */
public final class InMemoryWebhookDeliveries implements WebhookDeliveryLogPort {
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    @Override public boolean firstDelivery(String webhookId, Instant receivedAt) { return seen.putIfAbsent(webhookId, receivedAt) == null; }
}
