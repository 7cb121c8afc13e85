package io.sorarelay.application.service;

import io.sorarelay.application.port.in.DispatchWebhooksUseCase;
import io.sorarelay.application.port.out.ConcurrentCalls;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.WebhookEndpointStorePort;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.Attempt;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.Delivery;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.DeliveryState;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.NewDelivery;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.StoredEndpoint;
import io.sorarelay.application.port.out.WebhookPayloadFormat;
import io.sorarelay.application.port.out.WebhookSenderPort;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEventType;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * The outbound webhook outbox. The task event log is already a transactional outbox (every state change appends its
 * event in the transaction that stores it), so this service never touches a task's write: it copies each owner's
 * terminal events after a durable cursor into one delivery per subscribed endpoint (unique per endpoint and message, so
 * copying twice adds nothing), then sends the due deliveries, retrying with backoff and jitter for a day.
 *
 * <p>Copying runs under the lock {@code webhooks:outbox:<owner>} (one node per owner at a time) and sending claims
 * each delivery with a lease in the store; neither is needed for correctness, only to avoid double work.
 */
public final class WebhookDispatchService implements DispatchWebhooksUseCase {
    private static final System.Logger LOG = System.getLogger(WebhookDispatchService.class.getName());
    static final int PAGE = 500;
    private static final Duration COPY_LOCK_TTL = Duration.ofMinutes(1);

    private final WebhookEndpointStorePort store;
    private final TaskEventLogPort eventLog;
    private final LockPort locks;
    private final WebhookSenderPort sender;
    private final WebhookPayloadFormat format;
    private final InstantSource clock;
    private final WebhookSettings settings;
    private final RandomGenerator jitter;
    private final WebhookMetrics metrics;
    private final ConcurrentCalls calls;

    /**
     * @param calls runs a pass's sends side by side (receivers are slow independently of each other: a pass waits for
     *              the slowest, not for the sum)
     */
    public WebhookDispatchService(WebhookEndpointStorePort store, TaskEventLogPort eventLog, LockPort locks, WebhookSenderPort sender,
                                  WebhookPayloadFormat format, InstantSource clock, WebhookSettings settings, RandomGenerator jitter,
                                  WebhookMetrics metrics, ConcurrentCalls calls) {
        this.calls = calls;
        this.store = store;
        this.eventLog = eventLog;
        this.locks = locks;
        this.sender = sender;
        this.format = format;
        this.clock = clock;
        this.settings = settings;
        this.jitter = jitter;
        this.metrics = metrics;
    }

    /** Counts deliveries by outcome ({@code delivered}, {@code retry}, {@code gave_up}); one method, so a lambda fits. */
    public interface WebhookMetrics {
        void attempt(String outcome);

        WebhookMetrics NONE = outcome -> { };
    }

    @Override
    public int copyEvents() {
        int added = 0;
        for (UserId owner : store.ownersWithEndpoints()) {
            Optional<LockPort.Handle> lock = locks.tryAcquire("webhooks:outbox:" + owner.value(), COPY_LOCK_TTL);
            if (lock.isEmpty()) continue;
            try (LockPort.Handle held = lock.get()) {
                added += copy(owner);
            }
        }
        return added;
    }

    @Override
    public int catchUp() {
        int added = 0;
        for (UserId owner : store.ownersWithEndpoints()) added += copy(owner);
        return added;
    }

    private int copy(UserId owner) {
        int added = 0;
        while (true) {
            long cursor = store.cursor(owner);
            switch (eventLog.eventsAfter(owner, cursor, PAGE)) {
                case TaskEventLogPort.Replay.Expired expired -> {
                    // Only if the copy was stopped for longer than the event retention: what was pruned is gone.
                    long last = eventLog.lastEventId(owner);
                    LOG.log(System.Logger.Level.WARNING, "webhook events of " + owner.value() + " after " + cursor
                            + " were pruned before they were copied; resuming after " + last);
                    store.enqueue(owner, List.of(), last);
                    return added;
                }
                case TaskEventLogPort.Replay.Events(List<TaskEvent> events) -> {
                    if (events.isEmpty()) return added;
                    added += store.enqueue(owner, deliveries(store.listByOwner(owner), events), events.getLast().id());
                    if (events.size() < PAGE) return added;
                }
            }
        }
    }

    /** A delivery per terminal event and endpoint subscribed to it that existed when the event happened. */
    private List<NewDelivery> deliveries(List<StoredEndpoint> endpoints, List<TaskEvent> events) {
        List<NewDelivery> out = new ArrayList<>();
        for (TaskEvent e : events) {
            Optional<WebhookEventType> type = WebhookEventType.of(e.task().status());
            if (type.isEmpty()) continue;
            String body = null;
            for (StoredEndpoint endpoint : endpoints) {
                if (!endpoint.events().contains(type.get()) || e.occurredAt().isBefore(endpoint.createdAt())) continue;
                if (body == null) body = format.body(type.get(), e.occurredAt(), e.task());
                out.add(new NewDelivery(endpoint.id(), messageId(e.task().videoId(), type.get()), type.get(), e.task().videoId(), body,
                        e.occurredAt()));
            }
        }
        return out;
    }

    /** A task reaches a terminal state once: its id and the event name the message, whichever log entry raised it. */
    static String messageId(String videoId, WebhookEventType type) {
        return "msg_" + videoId + "_" + type.wire().substring(type.wire().indexOf('.') + 1);
    }

    @Override
    public int deliverDue() {
        Instant now = clock.instant();
        List<Delivery> due = store.claimDue(now, now.plus(settings.claimLease()), settings.batchSize());
        if (due.isEmpty()) return 0;
        calls.runAll(due.stream().map(d -> (Runnable) () -> deliver(d)).toList(), due.size());
        return due.size();
    }

    @Override
    public int forgetSettled() {
        return store.forgetSettledBefore(clock.instant().minus(settings.keepSettled()));
    }

    private void deliver(Delivery d) {
        Optional<StoredEndpoint> endpoint = store.find(d.endpoint());
        if (endpoint.isEmpty()) return;   // deleted meanwhile: its deliveries went with it
        Instant at = clock.instant();
        WebhookSenderPort.Result result;
        try {
            result = sender.send(new WebhookSenderPort.Message(URI.create(endpoint.get().url()), d.messageId(), at, d.body(),
                    endpoint.get().secret()));
        } catch (RuntimeException e) {
            result = new WebhookSenderPort.Result.NotSent("send failed: " + e.getClass().getSimpleName(), Duration.ZERO);
        }
        OptionalInt status = result instanceof WebhookSenderPort.Result.Answered a ? OptionalInt.of(a.status()) : OptionalInt.empty();
        Optional<String> error = switch (result) {
            case WebhookSenderPort.Result.Answered a -> a.status() / 100 == 2 ? Optional.empty() : Optional.of("HTTP " + a.status());
            case WebhookSenderPort.Result.NotSent n -> Optional.of(n.error());
        };
        Optional<Instant> next = Optional.empty();
        DeliveryState state;
        if (error.isEmpty()) {
            state = DeliveryState.DELIVERED;
        } else {
            double draw;
            synchronized (jitter) { draw = jitter.nextDouble(); }
            next = settings.retries().next(d.dueSince(), d.attempts() + 1, at, draw);
            state = next.isPresent() ? DeliveryState.PENDING : DeliveryState.GAVE_UP;
        }
        store.recordAttempt(new Attempt(d.id(), d.messageId(), d.type(), d.videoId(), at, status, error, result.took(), next), state);
        metrics.attempt(switch (state) {
            case DELIVERED -> "delivered";
            case PENDING -> "retry";
            case GAVE_UP -> "gave_up";
        });
    }
}
