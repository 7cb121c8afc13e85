package io.sorarelay.application.port.out;

/**
 * A store that combines concurrent single calls into batches of one statement and one commit (group commit), as the
 * PostgreSQL adapter does behind {@link SaveVideoTaskPort} and {@link WebhookDeliveryLogPort}. The server hands it its
 * metrics, so operators see how full the batches are ({@link RelayMetricsPort#storeBatch}). A store that does not batch
 * simply does not implement this.
 */
public interface BatchingStore {
    /** From now on each batch is reported to {@code metrics} (replacing any earlier one). */
    void reportBatchesTo(RelayMetricsPort metrics);
}
