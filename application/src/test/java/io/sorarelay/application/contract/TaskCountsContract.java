package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.TaskCountsPort;
import io.sorarelay.application.port.out.TaskCountsPort.TaskCounts;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** What every store promises the operators' gauges: tasks by status, those running upstream, and the queue's depth. */
public abstract class TaskCountsContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The roles of one fresh, empty store that these checks use. */
    public record Store(SaveVideoTaskPort save, ClaimDueTasksPort claims, TaskCountsPort counts) {
        public static <S extends SaveVideoTaskPort & ClaimDueTasksPort & TaskCountsPort> Store of(S s) {
            return new Store(s, s, s);
        }
    }

    protected abstract Store newStore();

    private Store store;

    @BeforeEach
    void freshStore() { store = newStore(); }

    private VideoTask queued(String owner, Instant at, Instant firstWork) {
        TaskRequest request = new TaskRequest(new UserId(owner), new Prompt("a lighthouse in fog"), new VideoSpec("sora-2", "4", "1280x720"),
                "default", Optional.empty(), Lineage.generate());
        VideoTask task = VideoTask.create(VideoId.generate(at, ThreadLocalRandom.current()), request, Optional.empty(), at,
                at.plus(Duration.ofHours(1)));
        return StoredTasks.created(store.save(), task, NextWork.at(firstWork));
    }

    private VideoTask apply(Transition t, NextWork next) {
        return StoredTasks.applied(store.save(), t, next);
    }

    private VideoTask submitted(String owner, Instant nextWork) {
        return apply(queued(owner, T0, T0).submitted(new ExternalTaskId("ext_" + UUID.randomUUID()), T0), NextWork.at(nextWork));
    }

    @Test
    void an_empty_store_counts_zero_of_every_status() {
        TaskCounts counts = store.counts().counts(T0);
        assertThat(counts.byStatus()).containsOnlyKeys(TaskStatus.values()).allSatisfy((status, n) -> assertThat(n).isZero());
        assertThat(counts.submitted()).isZero();
        assertThat(counts.due()).isZero();
    }

    @Test
    void counts_tasks_by_status_over_every_owner() {
        queued("usr_a", T0, T0);
        queued("usr_b", T0, T0);
        submitted("usr_a", T0.plusSeconds(10));
        apply(submitted("usr_b", T0.plusSeconds(10)).observe(UpstreamObservation.inProgress(30), T0.plusSeconds(1)), NextWork.keep());
        apply(submitted("usr_c", T0.plusSeconds(10)).observe(UpstreamObservation.completed(), T0.plusSeconds(2)), NextWork.none());
        apply(queued("usr_c", T0, T0).cancel(T0.plusSeconds(1)), NextWork.none());

        TaskCounts counts = store.counts().counts(T0.plusSeconds(3));

        assertThat(counts.byStatus()).isEqualTo(Map.of(TaskStatus.QUEUED, 3L, TaskStatus.PROCESSING, 1L, TaskStatus.COMPLETED, 1L,
                TaskStatus.FAILED, 0L, TaskStatus.CANCELLED, 1L));
        assertThat(counts.submitted()).as("QUEUED or PROCESSING with an upstream job").isEqualTo(2);
    }

    @Test
    void due_work_is_what_a_claim_could_take_now() {
        queued("usr_a", T0, T0);                                        // due since T0
        queued("usr_a", T0, T0.plusSeconds(5));                         // due at T0+5
        submitted("usr_b", T0.plusSeconds(60));                         // not due for a minute
        apply(queued("usr_b", T0, T0).cancel(T0), NextWork.none());     // nothing left to do

        assertThat(store.counts().counts(T0.plusSeconds(4)).due()).isEqualTo(1);
        assertThat(store.counts().counts(T0.plusSeconds(5)).due()).as("due at its work time").isEqualTo(2);

        store.claims().claimDue(T0.plusSeconds(5), 1, "worker-1", Duration.ofSeconds(30));
        assertThat(store.counts().counts(T0.plusSeconds(6)).due()).as("a held task is not waiting").isEqualTo(1);
        assertThat(store.counts().counts(T0.plusSeconds(36)).due()).as("a lease that ran out is waiting again").isEqualTo(2);
    }
}
