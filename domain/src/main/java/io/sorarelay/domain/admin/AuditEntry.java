package io.sorarelay.domain.admin;

import io.sorarelay.domain.UserId;

import java.time.Instant;
import java.util.Objects;

/**
 * One admin action as the audit log keeps it, never changed once written: who did what to which target, the
 * target's state before and after in a few plain words, and the admin's reason where one was given.
 *
 * @param id     the log's own order: later entries have larger ids
 * @param action what was done, e.g. {@code user.role}, {@code user.disable}, {@code user.credits}, {@code task.fail}
 * @param target what it was done to: a user id or a video id
 * @param before the target's state before, e.g. {@code user} (a role) or {@code PROCESSING} (a task)
 * @param after  the target's state after
 * @param reason the admin's words; empty when the action takes none
 */
public record AuditEntry(long id, Instant at, UserId actor, String action, String target, String before, String after, String reason) {
    public AuditEntry {
        Objects.requireNonNull(at); Objects.requireNonNull(actor); Objects.requireNonNull(action); Objects.requireNonNull(target);
        Objects.requireNonNull(before); Objects.requireNonNull(after); Objects.requireNonNull(reason);
        if (id < 1) throw new IllegalArgumentException("an audit entry's id is positive");
    }

    /** An entry to append; the log gives it its id. */
    public record Draft(Instant at, UserId actor, String action, String target, String before, String after, String reason) {
        public Draft {
            Objects.requireNonNull(at); Objects.requireNonNull(actor); Objects.requireNonNull(action); Objects.requireNonNull(target);
            Objects.requireNonNull(before); Objects.requireNonNull(after); Objects.requireNonNull(reason);
            if (action.isBlank() || target.isBlank()) throw new IllegalArgumentException("action and target are required");
        }

        public AuditEntry withId(long id) { return new AuditEntry(id, at, actor, action, target, before, after, reason); }
    }
}
