package io.sorarelay.adapter.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sorarelay.application.port.out.RelayMetricsPort;
import io.sorarelay.application.port.out.TaskCountsPort;
import io.sorarelay.application.port.out.VideoProviderRegistry;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's meters in Micrometer (exported at {@code /metrics} in Prometheus format): what the engine counts through
 * {@link RelayMetricsPort}, the upstream calls' timings ({@link #timed}) and the store's task counts ({@link #gaugeTaskCounts}).
 */
public final class MicrometerRelayMetrics implements RelayMetricsPort {
    private final MeterRegistry registry;
    private final Counter claimed;
    private final Map<String, BatchMeters> batches = new ConcurrentHashMap<>();
    private final AtomicLong storedImages = new AtomicLong();
    private final AtomicLong storedImageBytes = new AtomicLong();
    private final Counter deletedImages;

    /** The meters of one kind of store batch. */
    private record BatchMeters(DistributionSummary items, Timer ran, Timer waited) {
        static BatchMeters of(MeterRegistry registry, String kind) {
            return new BatchMeters(
                    DistributionSummary.builder("relay_store_batch_items").tag("kind", kind)
                            .description("stores combined into one statement and commit").register(registry),
                    Timer.builder("relay_store_batch").tag("kind", kind)
                            .description("how long a combined store took").register(registry),
                    Timer.builder("relay_store_batch_wait").tag("kind", kind)
                            .description("how long a batch's oldest store had waited for it").register(registry));
        }
    }

    public MicrometerRelayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.claimed = Counter.builder("relay_engine_claimed_tasks").description("tasks claimed by the engine").register(registry);
        // Read by the cleanup, on the node that ran it last: the store's totals, not this node's.
        Gauge.builder("relay_reference_images", storedImages, AtomicLong::get)
                .description("reference images stored, as of this node's last cleanup").register(registry);
        Gauge.builder("relay_reference_image_bytes", storedImageBytes, AtomicLong::get)
                .description("bytes of the reference images stored, as of this node's last cleanup").register(registry);
        this.deletedImages = Counter.builder("relay_reference_images_deleted")
                .description("reference images deleted because no task may still send them").register(registry);
    }

    /** Every call to these upstreams timed as {@code relay_upstream_call_seconds{channel,operation,outcome}}. */
    public VideoProviderRegistry timed(VideoProviderRegistry providers) {
        return new TimedVideoProviders(providers, registry);
    }

    /**
     * Gauges of the store's tasks by status, in flight upstream and due ({@code relay_tasks}, {@code relay_tasks_in_flight},
     * {@code relay_tasks_due}), read from {@code store} at most once per {@code refresh}.
     */
    public void gaugeTaskCounts(TaskCountsPort store, InstantSource clock, Duration refresh) {
        TaskCountGauges.register(registry, store, clock, refresh);
    }

    @Override public void upstreamCall(String operation, String outcome) {
        Counter.builder("relay_upstream_calls").tag("operation", operation).tag("outcome", outcome)
                .description("upstream calls the engine made, by outcome").register(registry).increment();
    }

    @Override public void taskChanged(String status) {
        Counter.builder("relay_task_changes").tag("status", status)
                .description("task changes this node stored, by the status reached").register(registry).increment();
    }

    @Override public void claimed(int count) { claimed.increment(count); }

    @Override public void referenceImages(long stored, long storedBytes, int deleted) {
        storedImages.set(stored);
        storedImageBytes.set(storedBytes);
        deletedImages.increment(deleted);
    }

    @Override public void storeBatch(String kind, int items, long ranNanos, long waitedNanos) {
        BatchMeters m = batches.computeIfAbsent(kind, k -> BatchMeters.of(registry, k));
        m.items().record(items);
        m.ran().record(ranNanos, TimeUnit.NANOSECONDS);
        m.waited().record(waitedNanos, TimeUnit.NANOSECONDS);
    }
}
