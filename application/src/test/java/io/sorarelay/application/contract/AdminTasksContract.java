package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.AdminTasksPort;
import io.sorarelay.application.port.out.AdminTasksPort.GroupBy;
import io.sorarelay.application.port.out.AdminTasksPort.UsageRow;
import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every user's tasks for the admin: filters, newest first, pages, and usage totals by user, model, channel and day, with
 * the credits the ledger charged, still holds and released for them.
 */
public abstract class AdminTasksContract {
    private static final Instant T0 = Instant.parse("2026-03-01T23:00:00Z");

    /** The task store, its admin view and the ledger it holds and settles in. */
    public record Store(SaveVideoTaskPort save, AdminTasksPort admin, CreditLedgerPort ledger) {}

    /** An empty store. */
    protected abstract Store newStore();

    private Store store;

    @BeforeEach
    void fresh() { store = newStore(); }

    private VideoTask queued(String owner, String model, String seconds, Instant at) {
        return queued(owner, model, seconds, at, Credits.ZERO);
    }

    private VideoTask queued(String owner, String model, String seconds, Instant at, Credits cost) {
        TaskRequest request = new TaskRequest(new UserId(owner), new Prompt("a lighthouse in fog"), new VideoSpec(model, seconds, "1280x720"),
                "default", Optional.empty(), Lineage.generate());
        VideoTask task = VideoTask.create(VideoId.generate(at, ThreadLocalRandom.current()), request, Optional.empty(), at,
                at.plus(Duration.ofHours(1))).costing(cost);
        return StoredTasks.created(store.save(), task, NextWork.at(at));
    }

    private VideoTask completed(String owner, String model, String seconds, Instant at) {
        return completed(owner, model, seconds, at, Credits.ZERO);
    }

    private VideoTask completed(String owner, String model, String seconds, Instant at, Credits cost) {
        VideoTask sent = StoredTasks.applied(store.save(), queued(owner, model, seconds, at, cost)
                .submitted(new ExternalTaskId("ext_" + UUID.randomUUID()), at), NextWork.at(at));
        return StoredTasks.applied(store.save(), sent.observe(UpstreamObservation.completed(), at.plusSeconds(1)), NextWork.none());
    }

    private VideoTask failed(String owner, String model, Instant at) {
        return failed(owner, model, at, Credits.ZERO);
    }

    private VideoTask failed(String owner, String model, Instant at, Credits cost) {
        return StoredTasks.applied(store.save(), queued(owner, model, "4", at, cost).fail(new TaskError("moderation", "refused"), at),
                NextWork.none());
    }

    private List<VideoTask> list(Optional<TaskStatus> status, Optional<String> owner, Optional<String> model, Optional<Instant> before,
                                 int offset, int limit) {
        return store.admin().listAll(new AdminTasksPort.Query(status, owner.map(UserId::new), model, Optional.empty(), before, offset, limit));
    }

    private static List<VideoId> ids(List<VideoTask> tasks) { return tasks.stream().map(VideoTask::id).toList(); }

    @Test
    void every_users_tasks_list_newest_first_in_pages() {
        VideoTask a = queued("usr_a", "sora-2", "4", T0);
        VideoTask b = queued("usr_b", "sora-2", "4", T0.plusSeconds(1));
        VideoTask c = queued("usr_c", "sora-2", "4", T0.plusSeconds(2));
        assertThat(ids(list(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, 2))).containsExactly(c.id(), b.id());
        assertThat(ids(list(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 2, 2))).containsExactly(a.id());
    }

    @Test
    void filters_by_status_owner_model_channel_and_age() {
        VideoTask old = queued("usr_a", "sora-2", "4", T0);
        VideoTask done = completed("usr_a", "sora-2-pro", "8", T0.plusSeconds(10));
        VideoTask other = queued("usr_b", "sora-2", "4", T0.plusSeconds(20));
        assertThat(ids(list(Optional.of(TaskStatus.QUEUED), Optional.empty(), Optional.empty(), Optional.empty(), 0, 10)))
                .containsExactly(other.id(), old.id());
        assertThat(ids(list(Optional.empty(), Optional.of("usr_a"), Optional.empty(), Optional.empty(), 0, 10)))
                .containsExactly(done.id(), old.id());
        assertThat(ids(list(Optional.empty(), Optional.empty(), Optional.of("sora-2-pro"), Optional.empty(), 0, 10))).containsExactly(done.id());
        assertThat(ids(list(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(T0.plusSeconds(10)), 0, 10)))
                .as("created before, not at").containsExactly(old.id());
        assertThat(ids(store.admin().listAll(new AdminTasksPort.Query(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("default"), Optional.empty(), 0, 10)))).containsExactly(other.id(), done.id(), old.id());
        assertThat(store.admin().listAll(new AdminTasksPort.Query(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("elsewhere"), Optional.empty(), 0, 10))).isEmpty();
    }

    @Test
    void usage_counts_tasks_and_seconds_of_completed_video_per_group_in_the_window() {
        completed("usr_a", "sora-2", "4", T0);
        completed("usr_a", "sora-2-pro", "8", T0.plusSeconds(10));
        failed("usr_b", "sora-2", T0.plusSeconds(20));
        queued("usr_b", "sora-2", "12", T0.plus(Duration.ofHours(2)));             // the next UTC day
        queued("usr_c", "sora-2", "4", T0.minusSeconds(1));                         // before the window
        Instant from = T0;
        Instant to = T0.plus(Duration.ofHours(3));

        assertThat(store.admin().usage(from, to, GroupBy.USER)).containsExactly(
                new UsageRow("usr_a", 2, 2, 0, 12, 0, 0, 0), new UsageRow("usr_b", 2, 0, 1, 0, 0, 0, 0));
        assertThat(store.admin().usage(from, to, GroupBy.MODEL)).containsExactly(
                new UsageRow("sora-2", 3, 1, 1, 4, 0, 0, 0), new UsageRow("sora-2-pro", 1, 1, 0, 8, 0, 0, 0));
        assertThat(store.admin().usage(from, to, GroupBy.CHANNEL)).containsExactly(new UsageRow("default", 4, 2, 1, 12, 0, 0, 0));
        assertThat(store.admin().usage(from, to, GroupBy.DAY)).containsExactly(
                new UsageRow("2026-03-01", 3, 2, 1, 12, 0, 0, 0), new UsageRow("2026-03-02", 1, 0, 0, 0, 0, 0, 0));
        assertThat(store.admin().usage(to, to.plusSeconds(60), GroupBy.DAY)).isEmpty();
    }

    @Test
    void usage_shows_the_credits_each_group_was_charged_still_holds_and_got_back() {
        store.ledger().grant(new UserId("usr_a"), Credits.of(1000));
        store.ledger().grant(new UserId("usr_b"), Credits.of(1000));
        completed("usr_a", "sora-2", "4", T0, Credits.of(40));                       // captured
        failed("usr_a", "sora-2-pro", T0.plusSeconds(10), Credits.of(120));           // released
        queued("usr_b", "sora-2", "8", T0.plusSeconds(20), Credits.of(80));           // still held
        completed("usr_b", "sora-2", "4", T0.plusSeconds(30));                        // free: never in the ledger
        Instant from = T0;
        Instant to = T0.plus(Duration.ofHours(1));

        assertThat(store.admin().usage(from, to, GroupBy.USER)).containsExactly(
                new UsageRow("usr_a", 2, 1, 1, 4, 40, 0, 120), new UsageRow("usr_b", 2, 1, 0, 4, 0, 80, 0));
        assertThat(store.admin().usage(from, to, GroupBy.MODEL)).containsExactly(
                new UsageRow("sora-2", 3, 2, 0, 8, 40, 80, 0), new UsageRow("sora-2-pro", 1, 0, 1, 0, 0, 0, 120));
        assertThat(store.admin().usage(from, to, GroupBy.DAY)).containsExactly(new UsageRow("2026-03-01", 4, 2, 1, 8, 40, 80, 120));
    }
}
