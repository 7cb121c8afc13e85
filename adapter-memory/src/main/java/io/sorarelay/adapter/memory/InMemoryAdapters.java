package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.UpstreamBudgetPort;

import java.time.InstantSource;

/** Every in-memory adapter, for the embedded mode, tests and embedding. */
public record InMemoryAdapters(InMemoryVideoTaskStore videoTasks, InMemoryEventBus eventBus, InMemoryUserAccounts userAccounts,
                               InMemoryReferenceImages referenceImages, InMemoryWebhookDeliveries webhookDeliveries,
                               InMemoryRateLimiter rateLimiter, InProcessLocks locks, InMemorySseTickets sseTickets,
                               UpstreamBudgetPort upstreamBudget) {

    public static InMemoryAdapters create(InstantSource clock) {
        InMemoryVideoTaskStore tasks = new InMemoryVideoTaskStore();
        return new InMemoryAdapters(tasks, new InMemoryEventBus(), new InMemoryUserAccounts(tasks.ledger()),
                new InMemoryReferenceImages(since -> tasks.referenceImagesStillSent(since)::contains), new InMemoryWebhookDeliveries(), new InMemoryRateLimiter(clock),
                new InProcessLocks(clock), new InMemorySseTickets(clock), new InMemoryUpstreamBudget(clock));
    }

    /** An upstream budget of its own (one process's), e.g. to share between two relays embedded in one JVM. */
    public static UpstreamBudgetPort newUpstreamBudget(InstantSource clock) { return new InMemoryUpstreamBudget(clock); }
}
