package io.sorarelay.application.testkit;

import io.sorarelay.application.port.out.Timers;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A clock and timers that only the test moves: a pause moves the clock by its length at once, and delayed actions
 * run (on the thread that moves the clock) when the clock reaches them. Nothing here waits for real time.
 */
public final class ManualTime implements InstantSource, Timers {
    private Instant now;
    private final List<Scheduled> scheduled = new ArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();
    private long sequence;

    private final class Scheduled implements Timer {
        final Instant at;
        final long order;
        final Runnable action;

        Scheduled(Instant at, long order, Runnable action) {
            this.at = at;
            this.order = order;
            this.action = action;
        }

        @Override public void cancel() {
            synchronized (ManualTime.this) { scheduled.remove(this); }
        }
    }

    public ManualTime(Instant start) { this.now = start; }

    public ManualTime() { this(Instant.parse("2026-01-01T00:00:00Z")); }

    @Override public synchronized Instant instant() { return now; }

    /** Moves the clock by {@code duration} and returns: nothing else waits. */
    @Override public synchronized void pause(Duration duration) {
        pauses.add(duration);
        now = now.plus(duration);
    }

    /** Every pause so far, in order. */
    public synchronized List<Duration> pauses() { return List.copyOf(pauses); }

    @Override public synchronized Timer after(Duration delay, Runnable action) {
        Scheduled s = new Scheduled(now.plus(delay), sequence++, action);
        scheduled.add(s);
        return s;
    }

    /**
     * Moves the clock by {@code duration}, running every action due by then in time order on this thread, those
     * they schedule included ({@link Duration#ZERO}: only what is due now).
     */
    public void advance(Duration duration) {
        Instant until;
        synchronized (this) { until = now.plus(duration); }
        for (Optional<Scheduled> next = nextDue(until); next.isPresent(); next = nextDue(until))
            next.get().action.run();
        synchronized (this) { if (now.isBefore(until)) now = until; }
    }

    /** Actions scheduled and not yet run. */
    public synchronized int pending() { return scheduled.size(); }

    private synchronized Optional<Scheduled> nextDue(Instant until) {
        Optional<Scheduled> next = scheduled.stream().filter(s -> !s.at.isAfter(until))
                .min(Comparator.comparing((Scheduled s) -> s.at).thenComparingLong(s -> s.order));
        next.ifPresent(s -> {
            scheduled.remove(s);
            if (s.at.isAfter(now)) now = s.at;
        });
        return next;
    }
}
