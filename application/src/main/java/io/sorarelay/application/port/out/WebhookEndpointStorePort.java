package io.sorarelay.application.port.out;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEndpointId;
import io.sorarelay.domain.webhook.WebhookEventType;
import io.sorarelay.domain.webhook.WebhookSigningSecret;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Our users' outbound webhook endpoints and the durable outbox of what is to be sent to them: per owner a cursor into
 * the task event log ({@link TaskEventLogPort}) up to which events were copied, one delivery per endpoint and message,
 * and every attempt to send one.
 */
public interface WebhookEndpointStorePort {

    record StoredEndpoint(WebhookEndpointId id, UserId owner, String url, Set<WebhookEventType> events,
                          WebhookSigningSecret secret, Instant createdAt) {
        public StoredEndpoint {
            Objects.requireNonNull(id); Objects.requireNonNull(owner); Objects.requireNonNull(url);
            Objects.requireNonNull(secret); Objects.requireNonNull(createdAt);
            events = Set.copyOf(events);
        }
    }

    /** Where a delivery stands: still to be sent (or retried), received by the endpoint, or given up. */
    enum DeliveryState { PENDING, DELIVERED, GAVE_UP }

    /**
     * A delivery to store. {@code messageId} is the Standard Webhooks {@code webhook-id}: the same for every attempt,
     * unique per endpoint.
     */
    record NewDelivery(WebhookEndpointId endpoint, String messageId, WebhookEventType type, String videoId, String body, Instant dueAt) {
        public NewDelivery {
            Objects.requireNonNull(endpoint); Objects.requireNonNull(messageId); Objects.requireNonNull(type);
            Objects.requireNonNull(videoId); Objects.requireNonNull(body); Objects.requireNonNull(dueAt);
        }
    }

    /** A stored delivery, as claimed to be sent. */
    record Delivery(long id, WebhookEndpointId endpoint, UserId owner, String messageId, WebhookEventType type, String videoId,
                    String body, Instant dueSince, int attempts, DeliveryState state) {
        public Delivery {
            Objects.requireNonNull(endpoint); Objects.requireNonNull(owner); Objects.requireNonNull(messageId);
            Objects.requireNonNull(type); Objects.requireNonNull(videoId); Objects.requireNonNull(body);
            Objects.requireNonNull(dueSince); Objects.requireNonNull(state);
        }
    }

    /**
     * One try to send a delivery: the endpoint's HTTP status, or why there was none; how long it took; when the next
     * try is due (empty: none, delivered or given up).
     */
    record Attempt(long deliveryId, String messageId, WebhookEventType type, String videoId, Instant at, OptionalInt statusCode,
                   Optional<String> error, Duration duration, Optional<Instant> nextRetryAt) {
        public Attempt {
            Objects.requireNonNull(messageId); Objects.requireNonNull(type); Objects.requireNonNull(videoId);
            Objects.requireNonNull(at); Objects.requireNonNull(statusCode); Objects.requireNonNull(error);
            Objects.requireNonNull(duration); Objects.requireNonNull(nextRetryAt);
        }
    }

    /**
     * Stores a new endpoint. If its owner has no other endpoint, the cursor moves to {@code cursorIfNew} (the owner's
     * latest event id) unless it is further already: the owner's first endpoint (or first after deleting them all) does
     * not make the dispatcher read the history before it.
     */
    void create(StoredEndpoint endpoint, long cursorIfNew);

    /** The owner's endpoints, oldest first. */
    List<StoredEndpoint> listByOwner(UserId owner);

    Optional<StoredEndpoint> find(WebhookEndpointId id);

    /** Deletes the owner's endpoint with its deliveries and attempts; false when no endpoint of that id is the owner's. */
    boolean delete(UserId owner, WebhookEndpointId id);

    /** Every owner that has at least one endpoint. */
    List<UserId> ownersWithEndpoints();

    /** The id of the owner's last event copied into the outbox (0 when none). */
    long cursor(UserId owner);

    /**
     * In one transaction: stores the deliveries (one that exists for the same endpoint and message id is left as it
     * is, so a replay adds nothing) and moves the owner's cursor to {@code upTo} unless it is already further.
     * Answers how many deliveries were new.
     */
    int enqueue(UserId owner, List<NewDelivery> deliveries, long upTo);

    /**
     * Claims up to {@code limit} pending deliveries due at {@code now}, oldest due first: each one's next attempt moves
     * to {@code leaseUntil}, so no other node takes it meanwhile, and a node that dies holding it only delays it.
     */
    List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit);

    /**
     * Records an attempt and what follows from it: {@code DELIVERED}, {@code GAVE_UP}, or {@code PENDING} again until
     * the attempt's {@code nextRetryAt}. A delivery deleted meanwhile (its endpoint was) is left deleted.
     */
    void recordAttempt(Attempt attempt, DeliveryState next);

    /** The attempts for the owner's endpoint, newest first, at most {@code limit}; empty when it is not the owner's. */
    List<Attempt> attempts(UserId owner, WebhookEndpointId endpoint, int limit);

    /** Deletes the deliveries delivered or given up that were due before {@code cutoff}, with their attempts; answers how many. */
    int forgetSettledBefore(Instant cutoff);
}
