package io.sorarelay.application.service;

import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.Timers;
import io.sorarelay.domain.VideoTask;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Keeps a worker's claim on a task alive while its submit is on its way: every third of the lease it renews the lease
 * for a whole lease, on the version the worker read. A submit may take longer than the lease (a slow upstream, the
 * client's retries); without this, another worker would take the task over and send the same create meanwhile. It
 * stops with the call, or at the first renewal refused (the task changed under the claim: the call's answer is then
 * written through the usual version check) or failed (the store is down: the lease runs out by itself).
 */
final class LeaseHeartbeat implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LeaseHeartbeat.class.getName());

    private final ClaimDueTasksPort claims;
    private final Timers timers;
    private final InstantSource clock;
    private final VideoTask task;
    private final String worker;
    private final Duration lease;
    private final Duration every;
    private boolean stopped;
    private Timers.Timer next;

    private LeaseHeartbeat(ClaimDueTasksPort claims, Timers timers, InstantSource clock, VideoTask task, String worker, Duration lease) {
        this.claims = claims;
        this.timers = timers;
        this.clock = clock;
        this.task = task;
        this.worker = worker;
        this.lease = lease;
        Duration third = lease.dividedBy(3);
        this.every = third.isZero() ? lease : third;
    }

    /** Starts beating for {@code worker}'s claim on {@code task} as read; close it when the call has answered. */
    static LeaseHeartbeat start(ClaimDueTasksPort claims, Timers timers, InstantSource clock, VideoTask task, String worker, Duration lease) {
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(claims, timers, clock, task, worker, lease);
        heartbeat.schedule();
        return heartbeat;
    }

    private synchronized void schedule() {
        if (!stopped) next = timers.after(every, this::beat);
    }

    private void beat() {
        synchronized (this) {
            if (stopped) return;
        }
        boolean held;
        try {
            held = claims.renew(task.id(), task.version(), worker, clock.instant().plus(lease));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not renew the lease on task " + task.id() + " during its submit: " + e);
            return;
        }
        if (held) schedule();
    }

    @Override public synchronized void close() {
        stopped = true;
        if (next != null) next.cancel();
    }
}
