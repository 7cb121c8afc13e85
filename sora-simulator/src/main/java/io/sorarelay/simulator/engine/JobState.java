package io.sorarelay.simulator.engine;

import java.util.Locale;

/**
 * The neutral lifecycle every simulated protocol maps its own status names onto (docs/PROVIDERS.md §0.2).
 * A protocol names these in its own words; the admin counters use {@link #label()}.
 */
public enum JobState {
    QUEUED, IN_PROGRESS, COMPLETED, FAILED;

    public boolean isTerminal() { return this == COMPLETED || this == FAILED; }

    /** {@code queued}, {@code in_progress}, {@code completed}, {@code failed}. */
    public String label() { return name().toLowerCase(Locale.ROOT); }
}
