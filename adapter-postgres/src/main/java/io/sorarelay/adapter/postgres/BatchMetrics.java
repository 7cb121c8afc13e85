package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.RelayMetricsPort;

import java.util.Objects;

/**
 * Where the adapter's group commits report their batches: nowhere until the server hands over its metrics
 * ({@link PostgresVideoTaskStore#reportBatchesTo}), which happens after the adapter is built.
 */
final class BatchMetrics {
    private volatile RelayMetricsPort metrics = RelayMetricsPort.NONE;

    void reportTo(RelayMetricsPort metrics) {
        this.metrics = Objects.requireNonNull(metrics);
    }

    /** The observer of one group commit, reporting as {@code kind} (create, write, lookup, delivery). */
    GroupCommit.BatchObserver observer(String kind) {
        return (items, ranNanos, waitedNanos) -> metrics.storeBatch(kind, items, ranNanos, waitedNanos);
    }
}
