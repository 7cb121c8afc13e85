package io.sorarelay.bootstrap;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.in.DispatchWebhooksUseCase;
import io.sorarelay.application.port.out.Timers;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's outbound webhook loop: copy new terminal events into the outbox, send what is due, wait a moment, again;
 * now and then, forget the messages settled a week ago.
 * Every node runs it; the outbox's locks and claims keep the nodes from doing the same work twice.
 */
final class WebhookDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    private final DispatchWebhooksUseCase outbox;
    private final Timers timers;
    private final Duration interval;
    private final int batchSize;
    /** Settled messages are forgotten once per this many passes (about every ten minutes). */
    private static final int PASSES_PER_CLEANUP = 600;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean waiting;
    private Thread loop;

    WebhookDispatcher(DispatchWebhooksUseCase outbox, Timers timers, Duration interval, int batchSize) {
        this.outbox = outbox;
        this.timers = timers;
        this.interval = interval;
        this.batchSize = batchSize;
    }

    void start(String worker) {
        if (!running.compareAndSet(false, true)) return;
        loop = Thread.ofVirtual().name("webhooks-" + worker).start(this::run);
    }

    private void run() {
        int failures = 0;
        long passes = 0;
        while (running.get()) {
            try {
                if (passes++ % PASSES_PER_CLEANUP == 0) outbox.forgetSettled();
                outbox.copyEvents();
                // A full batch: more may be due at once.
                while (running.get() && outbox.deliverDue() >= batchSize) { }
                failures = 0;
                pause(interval);
            } catch (DependencyUnavailableException e) {
                failures++;
                LOG.log(System.Logger.Level.WARNING, "webhooks paused: " + e.dependency() + " unavailable");
                pause(Engine.backoff(failures));
            } catch (RuntimeException e) {
                failures++;
                LOG.log(System.Logger.Level.ERROR, "webhook pass failed", e);
                pause(Engine.backoff(failures));
            }
        }
    }

    private void pause(Duration d) {
        synchronized (this) {
            if (!running.get()) return;
            waiting = true;
        }
        try {
            timers.pause(d);
        } catch (InterruptedException e) {
            // close() woke it
        } finally {
            synchronized (this) {
                waiting = false;
                Thread.interrupted();
            }
        }
    }

    /** Ends the loop after the pass in progress (a send in flight finishes; only a wait is interrupted). */
    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) return;
        synchronized (this) {
            if (waiting && loop != null) loop.interrupt();
        }
        try {
            if (loop != null) loop.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
