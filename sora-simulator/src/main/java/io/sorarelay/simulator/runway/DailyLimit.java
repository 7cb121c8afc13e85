package io.sorarelay.simulator.runway;

/**
 * Runway's "max daily generations" per tier: past it, creating a task answers 429 until the next day. Days are
 * UTC days of the engine's clock, so a test steps into tomorrow instead of waiting for it.
 */
final class DailyLimit {
    private static final long DAY_MS = 86_400_000L;

    private final int perDay;
    private long day = -1;
    private int used;

    /** @param perDay 0 = no limit */
    DailyLimit(int perDay) {
        if (perDay < 0) throw new IllegalArgumentException("the daily limit must not be negative");
        this.perDay = perDay;
    }

    /** Whether one more generation fits today; counts it when it does. */
    synchronized boolean admit(long nowMs) {
        if (perDay == 0) return true;
        long today = Math.floorDiv(nowMs, DAY_MS);
        if (today != day) {
            day = today;
            used = 0;
        }
        if (used >= perDay) return false;
        used++;
        return true;
    }
}
