package io.sorarelay.adapter.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sorarelay.application.port.out.RelayMetricsPort;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The engine's counters in Micrometer (exported at {@code /metrics} in Prometheus format). */
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

    @Override public void upstreamCall(String operation, String outcome) {
        registry.counter("relay_upstream_calls", "operation", operation, "outcome", outcome).increment();
    }

    @Override public void taskChanged(String status) {
        registry.counter("relay_task_changes", "status", status).increment();
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
