package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.AuditEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log: entries read back as written, newest first, filtered by actor or target, in pages. */
public abstract class AuditLogContract {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00.123456Z");

    /** A log; it may hold other tests' entries, as every actor and target here is this test's own. */
    protected abstract AuditLogPort newLog() throws Exception;

    private AuditLogPort log;
    private String suffix;

    @BeforeEach
    void fresh() throws Exception {
        log = newLog();
        suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private UserId admin(String name) { return new UserId("usr_" + name + "_" + suffix); }

    private AuditEntry.Draft draft(UserId actor, String action, String target, int second) {
        return new AuditEntry.Draft(AT.plusSeconds(second), actor, action, target + "_" + suffix, "before " + second, "after " + second,
                "because " + second);
    }

    private List<AuditEntry> byActor(UserId actor, int offset, int limit) {
        return log.list(new AuditLogPort.Query(Optional.of(actor), Optional.empty(), offset, limit));
    }

    @Test
    void an_appended_entry_reads_back_as_written_with_an_id() {
        UserId ann = admin("ann");
        AuditEntry.Draft d = draft(ann, "user.role", "usr_bob", 1);
        AuditEntry stored = log.append(d);
        assertThat(stored.id()).isPositive();
        assertThat(stored).isEqualTo(d.withId(stored.id()));
        assertThat(byActor(ann, 0, 10)).containsExactly(stored);
    }

    @Test
    void entries_list_newest_first_in_pages() {
        UserId ann = admin("ann");
        AuditEntry first = log.append(draft(ann, "user.role", "usr_bob", 1));
        AuditEntry second = log.append(draft(ann, "user.disable", "usr_bob", 2));
        AuditEntry third = log.append(draft(ann, "task.fail", "vid_x", 3));
        assertThat(third.id()).isGreaterThan(second.id());
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(byActor(ann, 0, 2)).containsExactly(third, second);
        assertThat(byActor(ann, 2, 2)).containsExactly(first);
    }

    @Test
    void entries_filter_by_actor_and_by_target() {
        UserId ann = admin("ann");
        UserId cy = admin("cy");
        AuditEntry annOnBob = log.append(draft(ann, "user.role", "usr_bob", 1));
        AuditEntry cyOnBob = log.append(draft(cy, "user.disable", "usr_bob", 2));
        AuditEntry cyOnTask = log.append(draft(cy, "task.fail", "vid_x", 3));
        assertThat(byActor(cy, 0, 10)).containsExactly(cyOnTask, cyOnBob);
        assertThat(log.list(new AuditLogPort.Query(Optional.empty(), Optional.of("usr_bob_" + suffix), 0, 10)))
                .containsExactly(cyOnBob, annOnBob);
        assertThat(log.list(new AuditLogPort.Query(Optional.of(ann), Optional.of("vid_x_" + suffix), 0, 10))).isEmpty();
    }
}
