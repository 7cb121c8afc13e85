package io.sorarelay.adapter.micrometer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's counters land in the registry under the names the dashboards read. */
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
}
