package io.sorarelay.bootstrap;

import io.sorarelay.application.port.in.DispatchWebhooksUseCase;
import io.sorarelay.application.port.out.Timers;

import java.time.Duration;

/**
 * This node's outbound webhook loop: copy new terminal events into the outbox, send what is due, wait a moment, again;
 * now and then, forget the messages settled a week ago.
 * Every node runs it; the outbox's locks and claims keep the nodes from doing the same work twice.
 */
final class WebhookDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    private final DispatchWebhooksUseCase outbox;
    private final BackgroundLoop loop;
    private final Duration interval;
    private final int batchSize;
    /** Settled messages are forgotten once per this many passes (about every ten minutes). */
    private static final int PASSES_PER_CLEANUP = 600;
    private long passes;
    private Thread thread;

    WebhookDispatcher(DispatchWebhooksUseCase outbox, Timers timers, Duration interval, int batchSize) {
        this.outbox = outbox;
        this.loop = new BackgroundLoop(timers);
        this.interval = interval;
        this.batchSize = batchSize;
    }

    void start(String worker) {
        if (!loop.start()) return;
        thread = Thread.ofVirtual().name("webhooks-" + worker).start(() -> loop.repeat("webhooks", this::pass, interval));
    }

    private boolean pass() {
        if (passes++ % PASSES_PER_CLEANUP == 0) outbox.forgetSettled();
        outbox.copyEvents();
        // A full batch: more may be due at once.
        while (loop.running() && outbox.deliverDue() >= batchSize) { }
        return false;
    }

    /** Ends the loop after the pass in progress (a send in flight finishes; only a wait is interrupted). */
    @Override
    public void close() {
        if (!loop.stop()) return;
        try {
            if (thread != null) thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
