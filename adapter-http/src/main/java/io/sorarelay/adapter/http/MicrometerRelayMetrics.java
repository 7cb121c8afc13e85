package io.sorarelay.adapter.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sorarelay.application.port.out.RelayMetricsPort;

/** The engine's counters in Micrometer (exported at {@code /metrics} in Prometheus format). */
public final class MicrometerRelayMetrics implements RelayMetricsPort {
    private final MeterRegistry registry;
    private final Counter claimed;

    public MicrometerRelayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.claimed = Counter.builder("relay_engine_claimed_tasks").description("tasks claimed by the engine").register(registry);
    }

    @Override public void upstreamCall(String operation, String outcome) {
        registry.counter("relay_upstream_calls", "operation", operation, "outcome", outcome).increment();
    }

    @Override public void taskChanged(String status) {
        registry.counter("relay_task_changes", "status", status).increment();
    }

    @Override public void claimed(int count) { claimed.increment(count); }
}
