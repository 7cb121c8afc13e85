package io.sorarelay.application.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Remembers webhook deliveries so a repeated {@code webhook-id} changes nothing. */
public interface WebhookDeliveryLogPort {
    /** True the first time {@code webhookId} is seen, false for every repeat. */
    boolean firstDelivery(String webhookId, Instant receivedAt);

    /**
     * Records several deliveries at once; answers the ids seen for the first time. The default records them one
     * by one; a database does it in one statement.
     */
    default Set<String> firstDeliveries(Collection<String> webhookIds, Instant receivedAt) {
        Set<String> first = new HashSet<>();
        for (String id : webhookIds) if (firstDelivery(id, receivedAt)) first.add(id);
        return first;
    }
}
