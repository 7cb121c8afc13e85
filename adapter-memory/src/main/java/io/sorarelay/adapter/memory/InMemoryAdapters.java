package io.sorarelay.adapter.memory;

import java.time.InstantSource;

/** Every in-memory adapter, for the embedded mode, tests and embedding. */
public record InMemoryAdapters(InMemoryVideoTaskStore videoTasks, InMemoryEventBus eventBus, InMemoryUserAccounts userAccounts,
                               InMemoryReferenceImages referenceImages, InMemoryWebhookDeliveries webhookDeliveries,
                               InMemoryRateLimiter rateLimiter, InProcessLocks locks, InMemorySseTickets sseTickets) {

    public static InMemoryAdapters create(InstantSource clock) {
        return new InMemoryAdapters(new InMemoryVideoTaskStore(), new InMemoryEventBus(), new InMemoryUserAccounts(),
                new InMemoryReferenceImages(), new InMemoryWebhookDeliveries(), new InMemoryRateLimiter(clock),
                new InProcessLocks(clock), new InMemorySseTickets(clock));
    }
}
