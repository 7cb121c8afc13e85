package io.sorarelay.domain;

/** The task's status as the contract names it. */
public enum TaskStatus {
    QUEUED, PROCESSING, COMPLETED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
