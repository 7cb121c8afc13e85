package io.sorarelay.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Task counts, seconds of video and credits over a window, grouped by user, model, channel or day. */
public interface UsageReportUseCase {

    /** How usage is grouped; {@code DAY} is the UTC date of the task's creation. */
    enum GroupBy { USER, MODEL, CHANNEL, DAY }

    /**
     * One group's totals over the tasks created in the window.
     *
     * @param seconds  seconds of video of the completed tasks
     * @param charged  credits captured from the group's tasks (the ledger's CAPTURE entries)
     * @param held     credits the group's running tasks still hold (a HOLD not yet captured or released)
     * @param released credits given back by the group's failed and cancelled tasks (the ledger's RELEASE entries)
     */
    record UsageRow(String key, long tasks, long completed, long failed, long seconds, long charged, long held, long released) {
        public UsageRow { Objects.requireNonNull(key); }
    }

    /** One row per group, ordered by key; {@link Problem.Invalid} on {@code to} when the window is empty or reversed. */
    Outcome<List<UsageRow>> usage(Instant from, Instant to, GroupBy groupBy);
}
