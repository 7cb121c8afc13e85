package io.sorarelay.simulator.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One upstream job: what the protocol asked for ({@code payload}) and when it was created; its state is
 * a function of time (nothing runs per job), so thousands cost little. Queued for the first tenth of
 * its duration, then in progress with rising progress, then completed, or failed if it was made to fail.
 */
public final class Job<P> {
    private final String id;
    private final P payload;
    private final long createdAtMs;
    private final long durationMs;
    private final boolean fails;
    private final AtomicLong retrieves = new AtomicLong();

    Job(String id, P payload, long createdAtMs, long durationMs, boolean fails) {
        this.id = id;
        this.payload = payload;
        this.createdAtMs = createdAtMs;
        this.durationMs = durationMs;
        this.fails = fails;
    }

    public String id() { return id; }

    public P payload() { return payload; }

    public long createdAtMs() { return createdAtMs; }

    public long durationMs() { return durationMs; }

    /** When the job starts running (leaves the queue), as {@link #state} tells it. */
    public long startedAtMs() { return createdAtMs + durationMs / 10; }

    /** When the job finishes (completes or fails). */
    public long doneAtMs() { return createdAtMs + durationMs; }

    public boolean fails() { return fails; }

    public JobState state(long nowMs) {
        if (nowMs >= doneAtMs()) return fails ? JobState.FAILED : JobState.COMPLETED;
        return nowMs - createdAtMs < durationMs / 10 ? JobState.QUEUED : JobState.IN_PROGRESS;
    }

    /** 0 while queued, rising 1..99 while running, 100 when completed; a failed job stays where it stopped (60). */
    public int progress(long nowMs) {
        return switch (state(nowMs)) {
            case QUEUED -> 0;
            case COMPLETED -> 100;
            case FAILED -> (int) Math.min(99, 100 * (durationMs * 6 / 10) / Math.max(1, durationMs));
            case IN_PROGRESS -> (int) Math.min(99, Math.max(1, 100 * (nowMs - createdAtMs) / Math.max(1, durationMs)));
        };
    }

    /** Counts one status read, so a benchmark can compute polls per job ({@code /_sim/stats?jobs=true}). */
    public void retrieved() { retrieves.incrementAndGet(); }

    public long retrieves() { return retrieves.get(); }
}
