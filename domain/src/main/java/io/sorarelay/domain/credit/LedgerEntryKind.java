package io.sorarelay.domain.credit;

/**
 * Why credits moved. The store keeps at most one HOLD and one CAPTURE-or-RELEASE per task, so the
 * kind is part of the key that makes a settlement happen exactly once.
 */
public enum LedgerEntryKind {
    /** Credits given to a user (signup, an operator's top-up). */
    GRANT,
    /** A task's price set aside at create, no longer available but not yet spent. */
    HOLD,
    /** A completed task's hold becomes spent. */
    CAPTURE,
    /** A task that failed, was cancelled or expired gives its hold back. */
    RELEASE,
    /** An operator's correction, which always carries a reason for the audit trail. */
    ADJUSTMENT;

    /** Entries that belong to one task and settle its charge. */
    public boolean isTaskCharge() {
        return this == HOLD || this == CAPTURE || this == RELEASE;
    }
}
