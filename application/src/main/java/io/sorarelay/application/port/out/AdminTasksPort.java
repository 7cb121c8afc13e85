package io.sorarelay.application.port.out;

import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every user's tasks, for operators: filtered pages and usage totals (their credits read from the ledger). A task's channel is the one holding its upstream
 * job, or its provider's name before the submit.
 */
public interface AdminTasksPort {

    /** Filters that are all optional; {@code createdBefore} finds old (e.g. stuck) tasks. Newest first. */
    record Query(Optional<TaskStatus> status, Optional<UserId> owner, Optional<String> model, Optional<String> channel,
                 Optional<Instant> createdBefore, int offset, int limit) {
        public Query {
            Objects.requireNonNull(status); Objects.requireNonNull(owner); Objects.requireNonNull(model);
            Objects.requireNonNull(channel); Objects.requireNonNull(createdBefore);
            if (limit < 1) throw new IllegalArgumentException("limit must be positive");
            if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        }
    }

    /** How usage is grouped; {@code DAY} is the UTC date of the task's creation. */
    enum GroupBy { USER, MODEL, CHANNEL, DAY }

    /**
     * One group's totals over tasks created in the window.
     *
     * @param seconds  seconds of video of the completed tasks
     * @param charged  credits captured from the group's tasks (the ledger's CAPTURE entries)
     * @param held     credits the group's running tasks still hold (a HOLD not yet captured or released)
     * @param released credits given back by the group's failed and cancelled tasks (the ledger's RELEASE entries)
     */
    record UsageRow(String key, long tasks, long completed, long failed, long seconds, long charged, long held, long released) {
        public UsageRow { Objects.requireNonNull(key); }
    }

    List<VideoTask> listAll(Query query);

    /** Totals of tasks created in [from, to), one row per group, ordered by key. */
    List<UsageRow> usage(Instant from, Instant to, GroupBy groupBy);
}
