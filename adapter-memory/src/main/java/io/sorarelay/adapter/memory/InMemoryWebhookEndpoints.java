package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.WebhookEndpointStorePort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEndpointId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Outbound webhook endpoints, cursors, deliveries and attempts in memory; one lock over all of it. */
public final class InMemoryWebhookEndpoints implements WebhookEndpointStorePort {
    private final Map<WebhookEndpointId, StoredEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<UserId, Long> cursors = new HashMap<>();
    private final Map<Long, Row> deliveries = new LinkedHashMap<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private long nextId = 1;

    /** A delivery and where it stands. */
    private record Row(Delivery delivery, Instant nextAttemptAt) {}

    @Override
    public synchronized void create(StoredEndpoint endpoint, long cursorIfNew) {
        if (endpoints.containsKey(endpoint.id())) throw new IllegalStateException("webhook endpoint id taken");
        boolean first = endpoints.values().stream().noneMatch(e -> e.owner().equals(endpoint.owner()));
        endpoints.put(endpoint.id(), endpoint);
        if (first) cursors.merge(endpoint.owner(), cursorIfNew, Math::max);
    }

    @Override
    public synchronized List<StoredEndpoint> listByOwner(UserId owner) {
        return endpoints.values().stream().filter(e -> e.owner().equals(owner))
                .sorted(Comparator.comparing(StoredEndpoint::createdAt).thenComparing(e -> e.id().value())).toList();
    }

    @Override
    public synchronized Optional<StoredEndpoint> find(WebhookEndpointId id) { return Optional.ofNullable(endpoints.get(id)); }

    @Override
    public synchronized boolean delete(UserId owner, WebhookEndpointId id) {
        StoredEndpoint e = endpoints.get(id);
        if (e == null || !e.owner().equals(owner)) return false;
        endpoints.remove(id);
        deliveries.values().removeIf(r -> r.delivery().endpoint().equals(id));
        attempts.removeIf(a -> !deliveries.containsKey(a.deliveryId()));
        return true;
    }

    @Override
    public synchronized List<UserId> ownersWithEndpoints() {
        return endpoints.values().stream().map(StoredEndpoint::owner).distinct().toList();
    }

    @Override
    public synchronized long cursor(UserId owner) { return cursors.getOrDefault(owner, 0L); }

    @Override
    public synchronized int enqueue(UserId owner, List<NewDelivery> news, long upTo) {
        int added = 0;
        for (NewDelivery n : news) {
            StoredEndpoint e = endpoints.get(n.endpoint());
            if (e == null) continue;   // deleted since it was read
            boolean exists = deliveries.values().stream()
                    .anyMatch(r -> r.delivery().endpoint().equals(n.endpoint()) && r.delivery().messageId().equals(n.messageId()));
            if (exists) continue;
            long id = nextId++;
            deliveries.put(id, new Row(new Delivery(id, n.endpoint(), e.owner(), n.messageId(), n.type(), n.videoId(), n.body(), n.dueAt(), 0,
                    DeliveryState.PENDING), n.dueAt()));
            added++;
        }
        cursors.merge(owner, upTo, Math::max);
        return added;
    }

    @Override
    public synchronized List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<Row> due = deliveries.values().stream()
                .filter(r -> r.delivery().state() == DeliveryState.PENDING && !r.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(Row::nextAttemptAt).thenComparing(r -> r.delivery().id()))
                .limit(limit).toList();
        for (Row r : due) deliveries.put(r.delivery().id(), new Row(r.delivery(), leaseUntil));
        return due.stream().map(Row::delivery).toList();
    }

    @Override
    public synchronized void recordAttempt(Attempt attempt, DeliveryState next) {
        Row r = deliveries.get(attempt.deliveryId());
        if (r == null) return;
        Delivery d = r.delivery();
        deliveries.put(d.id(), new Row(new Delivery(d.id(), d.endpoint(), d.owner(), d.messageId(), d.type(), d.videoId(), d.body(),
                d.dueSince(), d.attempts() + 1, next), attempt.nextRetryAt().orElse(r.nextAttemptAt())));
        attempts.add(attempt);
    }

    @Override
    public synchronized int forgetSettledBefore(Instant cutoff) {
        List<Long> settled = deliveries.values().stream()
                .filter(r -> r.delivery().state() != DeliveryState.PENDING && r.delivery().dueSince().isBefore(cutoff))
                .map(r -> r.delivery().id()).toList();
        settled.forEach(deliveries::remove);
        attempts.removeIf(a -> !deliveries.containsKey(a.deliveryId()));
        return settled.size();
    }

    @Override
    public synchronized List<Attempt> attempts(UserId owner, WebhookEndpointId endpoint, int limit) {
        StoredEndpoint e = endpoints.get(endpoint);
        if (e == null || !e.owner().equals(owner)) return List.of();
        List<Attempt> mine = new ArrayList<>();
        for (int i = attempts.size() - 1; i >= 0 && mine.size() < limit; i--) {
            Row r = deliveries.get(attempts.get(i).deliveryId());
            if (r != null && r.delivery().endpoint().equals(endpoint)) mine.add(attempts.get(i));
        }
        return mine;
    }
}
