package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.UpstreamBudgetPort;

import java.time.InstantSource;

/** Every in-memory adapter, for the embedded mode, tests and embedding. */
public record InMemoryAdapters(InMemoryVideoTaskStore videoTasks, InMemoryEventBus eventBus, InMemoryUserAccounts userAccounts,
                               InMemoryReferenceImages referenceImages, InMemoryWebhookDeliveries webhookDeliveries,
                               InMemoryRateLimiter rateLimiter, InProcessLocks locks, InMemorySseTickets sseTickets,
                               UpstreamBudgetPort upstreamBudget) {

    public static InMemoryAdapters create(InstantSource clock) {
        return new InMemoryAdapters(new InMemoryVideoTaskStore(), new InMemoryEventBus(), new InMemoryUserAccounts(),
                new InMemoryReferenceImages(), new InMemoryWebhookDeliveries(), new InMemoryRateLimiter(clock),
                new InProcessLocks(clock), new InMemorySseTickets(clock), new InMemoryUpstreamBudget(clock));
    }

    /** An upstream budget of its own (one process's), e.g. to share between two relays embedded in one JVM. */
    public static UpstreamBudgetPort newUpstreamBudget(InstantSource clock) { return new InMemoryUpstreamBudget(clock); }
}
