package io.sorarelay.application.port.in;

/**
 * The outbound webhook outbox's two steps, each safe to run on several nodes at once: copy terminal task events into
 * deliveries, and send the deliveries that are due.
 */
public interface DispatchWebhooksUseCase {
    /** Copies every owner's new terminal events (owners another node is copying are skipped); answers deliveries added. */
    int copyEvents();

    /**
     * Copies every owner's new events whether or not another node is at it too: what must have happened before events
     * may be pruned. Fails if the store does.
     */
    int catchUp();

    /** Sends up to a batch of due deliveries; answers how many were attempted. */
    int deliverDue();

    /** Forgets the messages delivered or given up longer ago than the settings keep them; answers how many. */
    int forgetSettled();
}
