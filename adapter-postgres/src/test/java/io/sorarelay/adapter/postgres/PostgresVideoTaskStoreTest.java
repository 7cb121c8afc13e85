package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ClaimDueTasksPort.ClaimedTask;
import io.sorarelay.application.port.out.ListVideoTasksPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.application.port.out.TaskEventLogPort.Replay;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.ReferenceImage;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.sorarelay.adapter.postgres.Tasks.T0;
import static io.sorarelay.adapter.postgres.Tasks.newTask;
import static org.assertj.core.api.Assertions.assertThat;

/** The adapter's own behaviour tests (the shared contract suites run in *ContractTest classes). */
class PostgresVideoTaskStoreTest {
    private static PostgresAdapter adapter;
    private static PostgresVideoTaskStore store;
    private static String schema;

    @BeforeAll
    static void connect() {
        PostgresConfig config = TestDatabase.get().newSchemaConfig();
        schema = config.schema();
        adapter = PostgresAdapter.connect(config);
        store = adapter.videoTasks();
    }

    @AfterAll
    static void close() {
        if (adapter != null) adapter.close();
    }

    private static UserId someone() {
        return new UserId("u-" + UUID.randomUUID());
    }

    private static VideoTask inserted(VideoTask t, NextWork first) {
        return ((CreateResult.Inserted) store.createOrGet(t, first)).task();
    }

    private static VideoTask write(Transition t, NextWork next) {
        return ((UpdateResult.Updated) store.update(TaskUpdate.of((Transition.Changed) t, next))).task();
    }

    @Test
    void a_task_with_every_field_set_reads_back_equal() {
        UserId owner = someone();
        VideoTask parent = inserted(newTask(owner, "p-1", T0), NextWork.none());
        parent = write(parent.submitted(new ExternalTaskId("ext-parent"), T0.plusSeconds(1)), NextWork.none());
        parent = write(parent.observe(UpstreamObservation.completed(), T0.plusSeconds(2)), NextWork.none());
        TaskRequest request = new TaskRequest(owner, new Prompt("ünïcode prompt ✓ 🎬"), new VideoSpec("sora-2-pro", "12", "1792x1024"),
                "relay-b", Optional.of(new ReferenceImage("ab".repeat(32), "image/png", 12345)), Lineage.remixOf(parent));
        Instant nanos = Instant.parse("2026-03-04T05:06:07.123456789Z");
        VideoTask remix = VideoTask.create(new VideoId("video_1767225600000_abcdefghijkl"), request,
                Optional.of(new ClientRequestId("remix-1")), nanos, nanos.plus(Duration.ofHours(2)));

        VideoTask stored = inserted(remix, NextWork.at(nanos));

        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
        assertThat(store.findById(remix.id())).contains(stored);
        VideoTask failed = write(stored.submitted(new ExternalTaskId("ext-remix"), nanos.plusSeconds(1)), NextWork.keep());
        failed = write(failed.fail(new TaskError("content_policy", "refused: ✗"), nanos.plusSeconds(2)), NextWork.none());
        assertThat(store.findById(remix.id())).contains(failed);
        assertThat(store.findByExternalId("relay-b", new ExternalTaskId("ext-remix"))).contains(failed);
        assertThat(store.findByExternalId("default", new ExternalTaskId("ext-remix"))).isEmpty();
        assertThat(store.findById(parent.id())).contains(parent);
    }

    @Test
    void create_or_get_returns_the_existing_task_for_the_same_key_and_writes_nothing() {
        UserId owner = someone();
        VideoTask first = newTask(owner, "same-key", T0);
        CreateResult a = store.createOrGet(first, NextWork.at(T0));
        CreateResult b = store.createOrGet(newTask(owner, "same-key", T0.plusSeconds(5)), NextWork.at(T0));
        CreateResult otherOwner = store.createOrGet(newTask(someone(), "same-key", T0), NextWork.at(T0));

        assertThat(a).isInstanceOf(CreateResult.Inserted.class);
        assertThat(((CreateResult.Inserted) a).event().id()).isEqualTo(1);
        assertThat(((CreateResult.Inserted) a).event().task()).isEqualTo(first.view());
        assertThat(b).isEqualTo(new CreateResult.Existing(first));
        assertThat(otherOwner).isInstanceOf(CreateResult.Inserted.class);
        assertThat(store.lastEventId(owner)).isEqualTo(1);
        assertThat(store.createOrGet(first, NextWork.none())).isEqualTo(new CreateResult.Existing(first));
    }

    @Test
    void update_writes_over_the_expected_version_only_and_appends_one_event() {
        UserId owner = someone();
        VideoTask t = inserted(newTask(owner, null, T0), NextWork.at(T0));
        Transition.Changed submit = (Transition.Changed) t.submitted(new ExternalTaskId("ext-1"), T0.plusSeconds(1));

        UpdateResult first = store.update(TaskUpdate.of(submit, NextWork.at(T0.plusSeconds(5))));
        UpdateResult stale = store.update(TaskUpdate.of(submit, NextWork.at(T0.plusSeconds(5))));

        assertThat(first).isInstanceOf(UpdateResult.Updated.class);
        TaskEvent event = ((UpdateResult.Updated) first).event();
        assertThat(event.id()).isEqualTo(2);
        assertThat(event.task()).isEqualTo(submit.next().view());
        assertThat(stale).isInstanceOf(UpdateResult.Conflict.class);
        assertThat(store.lastEventId(owner)).isEqualTo(2);
        assertThat(store.findById(t.id())).contains(submit.next());
    }

    @Test
    void next_work_keep_at_and_none_set_the_schedule() {
        VideoTask t = inserted(newTask(someone(), null, T0), NextWork.at(T0));
        String worker = "w-" + UUID.randomUUID();
        t = write(t.submitted(new ExternalTaskId("e"), T0), NextWork.keep());
        assertThat(claimedIds(store.claimDue(T0, 100, worker, Duration.ofSeconds(30)))).contains(t.id());
        store.release(t.id(), worker, NextWork.keep(), false);
        t = write(t.observe(UpstreamObservation.inProgress(10), T0), NextWork.at(T0.plusSeconds(60)));
        assertThat(claimedIds(store.claimDue(T0.plusSeconds(59), 100, worker, Duration.ofSeconds(1)))).doesNotContain(t.id());
        assertThat(claimedIds(store.claimDue(T0.plusSeconds(60), 100, worker, Duration.ofSeconds(1)))).contains(t.id());
        store.release(t.id(), worker, NextWork.none(), false);
        assertThat(claimedIds(store.claimDue(T0.plusSeconds(3600), 100, worker, Duration.ofSeconds(1)))).doesNotContain(t.id());
    }

    @Test
    void a_claim_is_a_lease_that_fences_the_losers_writes() {
        VideoTask t = inserted(newTask(someone(), null, T0), NextWork.at(T0));
        List<ClaimedTask> a = store.claimDue(T0.plusSeconds(1), 100, "worker-a", Duration.ofSeconds(30));
        assertThat(claimedIds(a)).contains(t.id());
        assertThat(claimedIds(store.claimDue(T0.plusSeconds(2), 100, "worker-b", Duration.ofSeconds(30)))).doesNotContain(t.id());

        // a's lease runs out and b takes over; a's late write and release change nothing
        assertThat(claimedIds(store.claimDue(T0.plusSeconds(32), 100, "worker-b", Duration.ofSeconds(30)))).contains(t.id());
        Transition.Changed late = (Transition.Changed) t.submitted(new ExternalTaskId("ext-a"), T0.plusSeconds(33));
        assertThat(store.update(new TaskUpdate(late, NextWork.none(), Optional.of("worker-a")))).isInstanceOf(UpdateResult.Conflict.class);
        assertThat(store.release(t.id(), "worker-a", NextWork.none(), true)).isFalse();

        // b's write succeeds and ends its claim
        UpdateResult byB = store.update(new TaskUpdate(late, NextWork.at(T0.plusSeconds(40)), Optional.of("worker-b")));
        assertThat(byB).isInstanceOf(UpdateResult.Updated.class);
        assertThat(store.release(t.id(), "worker-b", NextWork.keep(), false)).isFalse();
        assertThat(claimedIds(store.claimDue(T0.plusSeconds(40), 100, "worker-c", Duration.ofSeconds(30)))).contains(t.id());
    }

    @Test
    void release_counts_failures_and_release_all_frees_every_claim_of_a_worker() {
        VideoTask t = inserted(newTask(someone(), null, T0), NextWork.at(T0));
        String w = "w-" + UUID.randomUUID();
        assertThat(claimedIds(store.claimDue(T0, 100, w, Duration.ofMinutes(1)))).contains(t.id());
        assertThat(store.release(t.id(), w, NextWork.at(T0), true)).isTrue();
        ClaimedTask again = store.claimDue(T0, 100, w, Duration.ofMinutes(1)).stream()
                .filter(c -> c.task().id().equals(t.id())).findFirst().orElseThrow();
        assertThat(again.failures()).isEqualTo(1);
        assertThat(store.releaseAll(w)).isGreaterThanOrEqualTo(1);
        ClaimedTask third = store.claimDue(T0, 100, "other", Duration.ofMinutes(1)).stream()
                .filter(c -> c.task().id().equals(t.id())).findFirst().orElseThrow();
        assertThat(third.failures()).isEqualTo(1);
        assertThat(store.release(t.id(), "other", NextWork.none(), false)).isTrue();
    }

    @Test
    void claims_hand_out_the_oldest_due_first() {
        UserId owner = someone();
        Instant base = Instant.parse("2020-01-01T00:00:00Z");
        VideoTask late = inserted(newTask(owner, null, base), NextWork.at(base.plusSeconds(2)));
        VideoTask early = inserted(newTask(owner, null, base), NextWork.at(base.plusSeconds(1)));
        List<ClaimedTask> claimed = store.claimDue(base.plusSeconds(3), 2, "w-order", Duration.ofSeconds(10));
        assertThat(claimedIds(claimed)).containsExactly(early.id(), late.id());
        store.releaseAll("w-order");
    }

    @Test
    void lists_newest_first_with_cursors_offsets_and_status_filter() {
        UserId owner = someone();
        VideoTask a = inserted(newTask(owner, null, T0), NextWork.none());
        VideoTask b = inserted(newTask(owner, null, T0.plusSeconds(1)), NextWork.none());
        VideoTask c = inserted(newTask(owner, null, T0.plusSeconds(2)), NextWork.none());
        VideoTask cancelled = write(b.cancel(T0.plusSeconds(3)), NextWork.none());
        inserted(newTask(someone(), null, T0.plusSeconds(5)), NextWork.none());

        var all = new ListVideoTasksPort.Query(owner, Optional.empty(), Optional.empty(), 0, 2, true);
        List<VideoTask> page1 = store.list(all);
        assertThat(page1).containsExactly(c, cancelled);
        var next = new ListVideoTasksPort.Query(owner, Optional.empty(),
                Optional.of(new ListVideoTasksPort.Cursor(cancelled.createdAt(), cancelled.id())), 0, 2, true);
        assertThat(store.list(next)).containsExactly(a);
        assertThat(store.list(new ListVideoTasksPort.Query(owner, Optional.empty(), Optional.empty(), 1, 5, false)))
                .containsExactly(cancelled, c);
        assertThat(store.list(new ListVideoTasksPort.Query(owner, Optional.of(TaskStatus.CANCELLED), Optional.empty(), 0, 5, true)))
                .containsExactly(cancelled);
        Map<TaskStatus, Long> counts = store.countByStatus(owner);
        assertThat(counts).containsEntry(TaskStatus.QUEUED, 2L).containsEntry(TaskStatus.CANCELLED, 1L)
                .containsEntry(TaskStatus.COMPLETED, 0L).hasSize(5);
    }

    @Test
    void finds_by_request_ids_and_ids_only_among_the_owners_tasks() {
        UserId owner = someone();
        VideoTask a = inserted(newTask(owner, "k-a", T0), NextWork.none());
        VideoTask b = inserted(newTask(owner, "k-b", T0), NextWork.none());
        VideoTask foreign = inserted(newTask(someone(), "k-a", T0), NextWork.none());
        assertThat(store.findByClientRequestIds(owner, List.of(new ClientRequestId("k-a"), new ClientRequestId("k-b"),
                new ClientRequestId("k-c")))).containsExactlyInAnyOrder(a, b);
        assertThat(store.findByIds(owner, List.of(a.id(), foreign.id()))).containsExactly(a);
        assertThat(store.findByClientRequestId(owner, new ClientRequestId("k-b"))).contains(b);
        assertThat(store.findByIds(owner, List.of())).isEmpty();
    }

    @Test
    void replays_events_in_order_and_reports_expired_after_pruning() {
        UserId owner = someone();
        VideoTask t = inserted(newTask(owner, null, T0), NextWork.none());
        t = write(t.submitted(new ExternalTaskId("e"), T0.plusSeconds(10)), NextWork.none());
        t = write(t.observe(UpstreamObservation.inProgress(50), T0.plusSeconds(20)), NextWork.none());
        write(t.observe(UpstreamObservation.completed(), T0.plusSeconds(30)), NextWork.none());

        Replay all = store.eventsAfter(owner, 0, 10);
        assertThat(all).isInstanceOfSatisfying(Replay.Events.class, e -> {
            assertThat(e.events()).extracting(TaskEvent::id).containsExactly(1L, 2L, 3L, 4L);
            assertThat(e.events().get(3).task().status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(e.events().get(2).occurredAt()).isEqualTo(T0.plusSeconds(20));
        });
        assertThat(store.eventsAfter(owner, 1, 2)).isInstanceOfSatisfying(Replay.Events.class,
                e -> assertThat(e.events()).extracting(TaskEvent::id).containsExactly(2L, 3L));
        assertThat(store.eventsAfter(owner, 4, 10)).isEqualTo(new Replay.Events(List.of()));
        assertThat(store.eventsAfter(someone(), 0, 10)).isEqualTo(new Replay.Events(List.of()));

        assertThat(store.pruneBefore(T0.plusSeconds(15))).isGreaterThanOrEqualTo(2);
        assertThat(store.eventsAfter(owner, 0, 10)).isInstanceOf(Replay.Expired.class);
        assertThat(store.eventsAfter(owner, 1, 10)).isInstanceOf(Replay.Expired.class);
        assertThat(store.eventsAfter(owner, 2, 10)).isInstanceOfSatisfying(Replay.Events.class,
                e -> assertThat(e.events()).extracting(TaskEvent::id).containsExactly(3L, 4L));
        assertThat(store.lastEventId(owner)).isEqualTo(4);
    }

    @Test
    void users_are_unique_by_username_in_any_case() {
        UserAccount alice = new UserAccount(new UserId("user-" + UUID.randomUUID()), new Username("Alice." + UUID.randomUUID().toString().substring(0, 8)),
                "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA", false, Instant.parse("2026-01-01T00:00:00.123456789Z"));
        Optional<UserAccount> created = adapter.userAccounts().create(alice);
        assertThat(created).isPresent();
        assertThat(created.get().createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
        UserAccount sameNameOtherCase = new UserAccount(new UserId("user-" + UUID.randomUUID()),
                new Username(alice.username().value().toUpperCase()), "x", true, T0);
        assertThat(adapter.userAccounts().create(sameNameOtherCase)).isEmpty();
        assertThat(adapter.userAccounts().findByUsername(new Username(alice.username().value().toLowerCase()))).isEqualTo(created);
        assertThat(adapter.userAccounts().findById(alice.id())).isEqualTo(created);
        assertThat(adapter.userAccounts().findById(new UserId("nobody"))).isEmpty();
    }

    @Test
    void reference_images_and_webhook_deliveries() {
        byte[] bytes = {1, 2, 3, 0, -1};
        String sha = "cd".repeat(32);
        adapter.referenceImages().put(sha, "image/png", bytes, T0);
        adapter.referenceImages().put(sha, "image/png", bytes, T0);
        assertThat(adapter.referenceImages().get(sha)).hasValueSatisfying(b -> assertThat(b).containsExactly(bytes));
        assertThat(adapter.referenceImages().get("ef".repeat(32))).isEmpty();

        String id = "msg_" + UUID.randomUUID();
        assertThat(adapter.webhookDeliveries().firstDelivery(id, T0)).isTrue();
        assertThat(adapter.webhookDeliveries().firstDelivery(id, T0.plusSeconds(1))).isFalse();
        String a = "msg_" + UUID.randomUUID();
        String b = "msg_" + UUID.randomUUID();
        assertThat(adapter.webhookDeliveries().firstDeliveries(List.of(id, a, b, a), T0)).as("only the ids never seen, once each")
                .containsExactlyInAnyOrder(a, b);
        assertThat(adapter.webhookDeliveries().firstDeliveries(List.of(a, b), T0)).isEmpty();
        assertThat(adapter.webhookDeliveries().firstDelivery(b, T0)).isFalse();
        assertThat(adapter.webhookDeliveries().firstDeliveries(List.of(), T0)).isEmpty();
        assertThat(adapter.isReachable()).isTrue();
    }

    private static List<VideoId> claimedIds(List<ClaimedTask> claimed) {
        return claimed.stream().map(c -> c.task().id()).toList();
    }

    @Test
    void the_sweeps_deferral_skips_a_row_another_transaction_holds_instead_of_waiting_for_it() throws Exception {
        UserId owner = someone();
        String provider = "p-" + UUID.randomUUID();
        List<ExternalTaskId> ids = new java.util.ArrayList<>();
        List<VideoTask> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            TaskRequest request = new TaskRequest(owner, new Prompt("held " + i), new VideoSpec("sora-2", "4", "1280x720"), provider,
                    Optional.empty(), Lineage.generate());
            VideoTask t = inserted(VideoTask.create(VideoId.generate(T0, java.util.concurrent.ThreadLocalRandom.current()), request,
                    Optional.empty(), T0, T0.plus(Duration.ofHours(1))), NextWork.none());
            ExternalTaskId ext = new ExternalTaskId("ext-held-" + i + "-" + UUID.randomUUID());
            tasks.add(write(t.submitted(ext, T0.plusSeconds(1)), NextWork.at(T0.plusSeconds(2))));
            ids.add(ext);
        }
        try (java.sql.Connection other = TestDatabase.get().connect(schema)) {
            other.setAutoCommit(false);
            try (java.sql.PreparedStatement lock = other.prepareStatement("SELECT 1 FROM video_tasks WHERE video_id = ? FOR UPDATE")) {
                lock.setString(1, tasks.get(0).id().value());
                lock.executeQuery().close();
            }
            // Another writer holds the first row: the deferral writes the second and does not wait for the first.
            java.util.concurrent.CompletableFuture<Integer> deferred = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> store.deferPolls(provider, ids, T0.plusSeconds(20), T0.plusSeconds(8)));
            assertThat(deferred.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
            other.rollback();
        }
        assertThat(store.deferPolls(provider, ids, T0.plusSeconds(20), T0.plusSeconds(8)))
                .as("once the row is free, the next sweep defers it").isEqualTo(1);
    }

}
