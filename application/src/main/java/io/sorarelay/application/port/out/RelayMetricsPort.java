package io.sorarelay.application.port.out;

/** What the engine counts, for operators (Micrometer in the server; nothing by default). */
public interface RelayMetricsPort {
    /** One upstream call: {@code operation} submit|retrieve|cancel|list, {@code outcome} ok|transient|rate_limited|rejected|misconfigured|not_found. */
    void upstreamCall(String operation, String outcome);

    /** A stored task change, by the status it reached. */
    void taskChanged(String status);

    /** Tasks claimed in one engine pass. */
    void claimed(int count);

    /**
     * One batch of stores combined into one statement and commit (group commit, see {@link BatchingStore}): {@code kind}
     * create|write|lookup|delivery, how many it held, how long storing it took, and how long its oldest item had waited for it.
     */
    void storeBatch(String kind, int items, long ranNanos, long waitedNanos);

    /** After a cleanup of reference images: the images stored and their bytes, and how many it deleted. */
    default void referenceImages(long stored, long storedBytes, int deleted) {}

    RelayMetricsPort NONE = new RelayMetricsPort() {
        public void upstreamCall(String operation, String outcome) {}
        public void taskChanged(String status) {}
        public void claimed(int count) {}
        public void storeBatch(String kind, int items, long ranNanos, long waitedNanos) {}
    };
}
