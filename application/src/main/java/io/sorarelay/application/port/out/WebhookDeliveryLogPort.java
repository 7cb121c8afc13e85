package io.sorarelay.application.port.out;

import java.time.Instant;

/** Remembers webhook deliveries so a repeated {@code webhook-id} changes nothing. */
public interface WebhookDeliveryLogPort {
    /** True the first time {@code webhookId} is seen, false for every repeat. */
    boolean firstDelivery(String webhookId, Instant receivedAt);
}
