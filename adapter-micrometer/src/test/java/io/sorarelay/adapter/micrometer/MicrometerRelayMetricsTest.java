package io.sorarelay.adapter.micrometer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.TaskCountsPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's meters land in the registry under the names the dashboards read. */
class MicrometerRelayMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerRelayMetrics metrics = new MicrometerRelayMetrics(registry);

    @Test
    void counts_upstream_calls_task_changes_and_claims() {
        metrics.upstreamCall("submit", "ok");
        metrics.upstreamCall("submit", "ok");
        metrics.taskChanged("COMPLETED");
        metrics.claimed(3);
        assertThat(registry.get("relay_upstream_calls").tags("operation", "submit", "outcome", "ok").counter().count()).isEqualTo(2);
        assertThat(registry.get("relay_task_changes").tags("status", "COMPLETED").counter().count()).isEqualTo(1);
        assertThat(registry.get("relay_engine_claimed_tasks").counter().count()).isEqualTo(3);
    }

    @Test
    void records_each_kind_of_store_batch_apart() {
        metrics.storeBatch("create", 4, TimeUnit.MILLISECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(1));
        metrics.storeBatch("create", 2, TimeUnit.MILLISECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(1));
        metrics.storeBatch("update", 1, TimeUnit.MILLISECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(registry.get("relay_store_batch_items").tags("kind", "create").summary().totalAmount()).isEqualTo(6);
        assertThat(registry.get("relay_store_batch").tags("kind", "create").timer().count()).isEqualTo(2);
        assertThat(registry.get("relay_store_batch_wait").tags("kind", "update").timer().count()).isEqualTo(1);
    }

    @Test
    void times_upstream_calls_by_channel_operation_and_outcome() {
        VideoProvider upstream = new VideoProvider() {
            public Result<Observed> submit(SubmitJob job) { throw new UnsupportedOperationException(); }
            public Result<Observed> retrieve(ExternalTaskId id) {
                return new Result.Failed<>(new Failure.Transient("503", Optional.empty()));
            }
            public Result<Boolean> cancel(ExternalTaskId id) { return new Result.Ok<>(true); }
            public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) { throw new UnsupportedOperationException(); }
            @Override public boolean resolvesLostCreates() { return true; }
        };
        VideoProviderRegistry timed = metrics.timed(VideoProviderRegistry.single(upstream));
        assertThat(timed.find("default").orElseThrow().resolvesLostCreates()).as("passed on by the timing wrapper").isTrue();

        VideoProvider provider = timed.find("default").orElseThrow();
        provider.cancel(new ExternalTaskId("video_1"));
        provider.cancel(new ExternalTaskId("video_2"));
        provider.retrieve(new ExternalTaskId("video_1"));

        assertThat(timed.names()).containsExactly("default");
        assertThat(registry.get("relay_upstream_call").tags("channel", "default", "operation", "cancel", "outcome", "ok").timer().count())
                .isEqualTo(2);
        assertThat(registry.get("relay_upstream_call").tags("operation", "retrieve", "outcome", "transient").timer().count()).isEqualTo(1);
        assertThat(registry.get("relay_upstream_call").timer().takeSnapshot().histogramCounts()).as("buckets").isNotEmpty();
    }

    @Test
    void task_count_gauges_ask_the_store_at_most_once_per_refresh() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<TaskCountsPort.TaskCounts> stored = new AtomicReference<>(
                new TaskCountsPort.TaskCounts(Map.of(TaskStatus.QUEUED, 4L, TaskStatus.COMPLETED, 2L), 3, 1));
        metrics.gaugeTaskCounts(now -> { reads.incrementAndGet(); return stored.get(); }, clock, Duration.ofSeconds(5));
        System.gc();   // the gauges' reader is referenced by nothing but the gauges: it must survive a collection

        assertThat(gauge("relay_tasks", "QUEUED")).isEqualTo(4);
        assertThat(gauge("relay_tasks", "COMPLETED")).isEqualTo(2);
        assertThat(gauge("relay_tasks", "FAILED")).isZero();
        assertThat(registry.get("relay_tasks_in_flight").gauge().value()).isEqualTo(3);
        assertThat(registry.get("relay_tasks_due").gauge().value()).isEqualTo(1);
        assertThat(reads).as("one read for every gauge").hasValue(1);

        stored.set(new TaskCountsPort.TaskCounts(Map.of(TaskStatus.QUEUED, 5L), 0, 0));
        clock.advance(Duration.ofSeconds(4));
        assertThat(gauge("relay_tasks", "QUEUED")).as("still the cached read").isEqualTo(4);
        clock.advance(Duration.ofSeconds(1));
        assertThat(gauge("relay_tasks", "QUEUED")).isEqualTo(5);
        assertThat(reads).hasValue(2);
    }

    @Test
    void task_count_gauges_show_nan_while_the_store_cannot_answer() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        metrics.gaugeTaskCounts(now -> { throw new DependencyUnavailableException("database", Duration.ofSeconds(1), null); }, clock, Duration.ofSeconds(5));
        assertThat(gauge("relay_tasks", "QUEUED")).isNaN();
        assertThat(registry.get("relay_tasks_due").gauge().value()).isNaN();
    }

    private double gauge(String name, String status) {
        return registry.get(name).tags("status", status).gauge().value();
    }
}
