package io.sorarelay.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Task counts and seconds of video over a window, grouped by user, model, channel or day. */
public interface UsageReportUseCase {

    /** How usage is grouped; {@code DAY} is the UTC date of the task's creation. */
    enum GroupBy { USER, MODEL, CHANNEL, DAY }

    /**
     * One group's totals over the tasks created in the window.
     *
     * @param seconds seconds of video of the completed tasks
     */
    record UsageRow(String key, long tasks, long completed, long failed, long seconds) {
        public UsageRow { Objects.requireNonNull(key); }
    }

    /** One row per group, ordered by key; {@link Problem.Invalid} on {@code to} when the window is empty or reversed. */
    Outcome<List<UsageRow>> usage(Instant from, Instant to, GroupBy groupBy);
}
