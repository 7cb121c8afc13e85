package io.sorarelay.adapter.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sorarelay.application.port.out.TaskCountsPort;
import io.sorarelay.application.port.out.TaskCountsPort.TaskCounts;
import io.sorarelay.domain.TaskStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Gauges of the store's tasks: by status, in flight upstream, due. Every gauge reads one cached {@link TaskCounts}, asked
 * of the store at most once per {@code refresh}: a scrape (or several nodes' scrapes, or several scrapers) never turns
 * into a query per gauge or per scrape. While the store cannot answer, the gauges show NaN rather than stale counts.
 */
final class TaskCountGauges {
    private static final System.Logger LOG = System.getLogger(TaskCountGauges.class.getName());

    private final TaskCountsPort store;
    private final InstantSource clock;
    private final Duration refresh;
    private Instant readAt;
    private Optional<TaskCounts> last = Optional.empty();

    private TaskCountGauges(TaskCountsPort store, InstantSource clock, Duration refresh) {
        this.store = store;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** The gauges hold their reader strongly: nothing else refers to it, and Micrometer's default weak reference would read NaN after a GC. */
    static void register(MeterRegistry registry, TaskCountsPort store, InstantSource clock, Duration refresh) {
        TaskCountGauges g = new TaskCountGauges(store, clock, refresh);
        for (TaskStatus s : TaskStatus.values()) {
            Gauge.builder("relay_tasks", g, x -> x.read(c -> c.of(s))).tag("status", s.name()).strongReference(true)
                    .description("tasks in the store by status, all nodes together").register(registry);
        }
        Gauge.builder("relay_tasks_in_flight", g, x -> x.read(TaskCounts::submitted)).strongReference(true)
                .description("tasks whose upstream job is running: submitted, not finished").register(registry);
        Gauge.builder("relay_tasks_due", g, x -> x.read(TaskCounts::due)).strongReference(true)
                .description("queue depth: tasks whose work time has come and that no worker holds").register(registry);
    }

    private double read(ToLongFunction<TaskCounts> which) {
        return current().map(c -> (double) which.applyAsLong(c)).orElse(Double.NaN);
    }

    private synchronized Optional<TaskCounts> current() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(refresh))) {
            readAt = now;
            try {
                last = Optional.of(store.counts(now));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "task counts unavailable for metrics: " + e);
                last = Optional.empty();
            }
        }
        return last;
    }
}
