package io.sorarelay.application.port.out;

import io.sorarelay.domain.TaskStatus;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many tasks the store holds, for operators' gauges: by status, how many have an upstream job running, and how
 * many wait for a worker. Over every owner and provider; one read answers all three.
 */
public interface TaskCountsPort {

    /**
     * @param byStatus every status, those with no task at 0
     * @param submitted tasks in flight upstream: QUEUED or PROCESSING with an upstream id
     * @param due       the queue's depth: tasks whose next work time has come and that no worker holds (or whose lease
     *                  ran out), exactly those a claim at {@code now} could take
     */
    record TaskCounts(Map<TaskStatus, Long> byStatus, long submitted, long due) {
        public TaskCounts {
            EnumMap<TaskStatus, Long> all = new EnumMap<>(TaskStatus.class);
            for (TaskStatus s : TaskStatus.values()) all.put(s, byStatus.getOrDefault(s, 0L));
            byStatus = Map.copyOf(all);
        }

        public long of(TaskStatus status) { return byStatus.get(status); }
    }

    TaskCounts counts(Instant now);
}
