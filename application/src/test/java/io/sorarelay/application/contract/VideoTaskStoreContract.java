package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.ClaimDueTasksPort.ClaimedTask;
import io.sorarelay.application.port.out.ListVideoTasksPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.SaveVideoTaskPort.NewTask;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.TaskEventLogPort.Replay;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.TaskType;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every task store promises (in memory, PostgreSQL, …): atomic create-or-replay, version-fenced
 * writes with exactly one event each, leases, cursor listing and the per-owner event log.
 */
public abstract class VideoTaskStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Every role of one fresh, empty store. */
    public record Store(LoadVideoTaskPort load, ListVideoTasksPort list, SaveVideoTaskPort save, ClaimDueTasksPort claims,
                        TaskEventLogPort log) {
        public static <S extends LoadVideoTaskPort & ListVideoTasksPort & SaveVideoTaskPort & ClaimDueTasksPort & TaskEventLogPort> Store of(S s) {
            return new Store(s, s, s, s, s);
        }
    }

    protected abstract Store newStore();

    private Store store;
    private UserId owner;

    @BeforeEach
    void freshStore() {
        store = newStore();
        owner = new UserId("usr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    public static VideoTask task(UserId owner, String clientRequestId, Instant now) {
        return task(owner, clientRequestId, now, new Prompt("a cat surfing a wave"), Lineage.generate());
    }

    private static VideoTask task(UserId owner, String clientRequestId, Instant now, Prompt prompt, Lineage lineage) {
        TaskRequest request = new TaskRequest(owner, prompt, new VideoSpec("sora-2", "4", "1280x720"), "default", Optional.empty(), lineage);
        Instant t = now.truncatedTo(ChronoUnit.MICROS);
        return VideoTask.create(VideoId.generate(t, ThreadLocalRandom.current()), request,
                Optional.ofNullable(clientRequestId).map(ClientRequestId::new), t, t.plus(Duration.ofHours(1)));
    }

    private VideoTask insert(String key, Instant at) {
        CreateResult r = store.save().createOrGet(task(owner, key, at), NextWork.at(at));
        assertThat(r).isInstanceOf(CreateResult.Inserted.class);
        return ((CreateResult.Inserted) r).task();
    }

    private static Transition.Changed changed(Transition t) {
        assertThat(t).isInstanceOf(Transition.Changed.class);
        return (Transition.Changed) t;
    }

    @Test
    void create_is_idempotent_per_owner_and_client_request_id() {
        VideoTask first = insert("k1", T0);
        CreateResult again = store.save().createOrGet(task(owner, "k1", T0.plusSeconds(1)), NextWork.at(T0));
        assertThat(again).isInstanceOfSatisfying(CreateResult.Existing.class, e -> assertThat(e.task().id()).isEqualTo(first.id()));
        UserId other = new UserId(owner.value() + "x");
        assertThat(store.save().createOrGet(task(other, "k1", T0), NextWork.at(T0))).as("another owner's key is another key")
                .isInstanceOf(CreateResult.Inserted.class);
        assertThat(store.load().findByClientRequestId(owner, new ClientRequestId("k1"))).hasValueSatisfying(t -> assertThat(t.id()).isEqualTo(first.id()));
        assertThat(store.log().lastEventId(owner)).as("a replay writes no event").isEqualTo(1);
    }

    @Test
    void concurrent_identical_creates_make_one_task() throws Exception {
        List<Future<CreateResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 64; i++) results.add(pool.submit(() -> store.save().createOrGet(task(owner, "same", T0), NextWork.at(T0))));
        }
        Set<VideoId> ids = new HashSet<>();
        int inserted = 0;
        for (Future<CreateResult> f : results) {
            switch (f.get()) {
                case CreateResult.Inserted i -> { inserted++; ids.add(i.task().id()); }
                case CreateResult.Existing e -> ids.add(e.task().id());
                case CreateResult.Refused r -> throw new AssertionError("a free task was refused: " + r);
            }
        }
        assertThat(inserted).isEqualTo(1);
        assertThat(ids).hasSize(1);
    }

    @Test
    void every_create_replays_from_the_log_exactly_as_it_was_answered() {
        Instant at = T0.plusNanos(123_456_000);
        VideoId parent = VideoId.generate(at, ThreadLocalRandom.current());
        Prompt awkward = new Prompt("“quotes”, a \\ backslash, a \"double\" quote,\nnew lines and 猫 — all kept");
        List<VideoTask> tasks = List.of(
                task(owner, "plain", at, awkward, Lineage.generate()),
                task(owner, null, at.plusSeconds(1)),
                task(owner, "remix", at.plusSeconds(2), awkward, new Lineage(TaskType.REMIX, Optional.of(parent),
                        Optional.of(new ExternalTaskId("video_upstream_1")), Optional.empty())),
                task(owner, "retry", at.plusSeconds(3), awkward, new Lineage(TaskType.RETRY, Optional.of(parent),
                        Optional.of(new ExternalTaskId("video_upstream_1")), Optional.of(parent))));
        List<TaskEvent> answered = new ArrayList<>();
        for (VideoTask t : tasks.subList(0, 2))
            answered.add(((CreateResult.Inserted) store.save().createOrGet(t, NextWork.at(at))).event());
        for (CreateResult r : store.save().createAll(tasks.subList(2, 4).stream().map(t -> new NewTask(t, NextWork.at(at))).toList()))
            answered.add(((CreateResult.Inserted) r).event());
        VideoTask changed = ((UpdateResult.Updated) store.save().update(TaskUpdate.of(changed(tasks.get(1).cancel(at.plusSeconds(4))),
                NextWork.none()))).task();

        assertThat(answered).extracting(TaskEvent::id).containsExactly(1L, 2L, 3L, 4L);
        for (int i = 0; i < tasks.size(); i++) assertThat(answered.get(i).task()).isEqualTo(tasks.get(i).view());
        assertThat(store.log().eventsAfter(owner, 0, 10)).isInstanceOfSatisfying(Replay.Events.class, e -> {
            assertThat(e.events()).hasSize(5);
            assertThat(e.events().subList(0, 4)).containsExactlyElementsOf(answered);
            assertThat(e.events().get(4).task()).isEqualTo(changed.view());
        });
        assertThat(store.log().eventsAfter(owner, 2, 2)).isInstanceOfSatisfying(Replay.Events.class,
                e -> assertThat(e.events()).containsExactlyElementsOf(answered.subList(2, 4)));
        assertThat(store.log().pruneBefore(at.plusMillis(1500))).as("the first two creations").isEqualTo(2);
        assertThat(store.log().eventsAfter(owner, 1, 10)).isInstanceOf(Replay.Expired.class);
        assertThat(store.log().eventsAfter(owner, 2, 10)).isInstanceOfSatisfying(Replay.Events.class,
                e -> assertThat(e.events()).extracting(TaskEvent::id).containsExactly(3L, 4L, 5L));
    }

    @Test
    void a_batch_of_creates_stores_every_task_and_numbers_each_owners_events_in_list_order() {
        VideoTask first = insert("before", T0);
        UserId other = new UserId(owner.value() + "o");
        List<VideoTask> batch = List.of(task(owner, "a", T0), task(other, "b", T0), task(owner, null, T0.plusSeconds(1)),
                task(owner, "c", T0.plusSeconds(2)));
        List<CreateResult> results = store.save().createAll(batch.stream().map(t -> new NewTask(t, NextWork.at(T0.plusSeconds(5)))).toList());

        assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r).isInstanceOf(CreateResult.Inserted.class));
        List<CreateResult.Inserted> inserted = results.stream().map(CreateResult.Inserted.class::cast).toList();
        assertThat(inserted).extracting(i -> i.task().id()).containsExactlyElementsOf(batch.stream().map(VideoTask::id).toList());
        assertThat(inserted).extracting(i -> i.event().id()).as("after the owner's first create; the other owner's own sequence")
                .containsExactly(2L, 1L, 3L, 4L);
        assertThat(inserted.get(1).event().owner()).isEqualTo(other);
        assertThat(store.log().eventsAfter(owner, 0, 10)).isInstanceOfSatisfying(Replay.Events.class, e ->
                assertThat(e.events()).extracting(ev -> ev.task().videoId())
                        .containsExactly(first.id().value(), batch.get(0).id().value(), batch.get(2).id().value(), batch.get(3).id().value()));
        VideoTask storedC = store.load().findByClientRequestId(owner, new ClientRequestId("c")).orElseThrow();
        assertThat(storedC).isEqualTo(inserted.get(3).task());
        assertThat(storedC.createdAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.load().findById(batch.get(2).id())).hasValueSatisfying(t -> assertThat(t.clientRequestId()).isEmpty());
        // Every new task is due at its first work, not before.
        assertThat(store.claims().claimDue(T0.plusSeconds(4), 10, "w", Duration.ofSeconds(30))).extracting(ct -> ct.task().id())
                .containsExactly(first.id());
        assertThat(store.claims().claimDue(T0.plusSeconds(5), 10, "w", Duration.ofSeconds(30))).hasSize(4);
    }

    @Test
    void a_batch_of_creates_answers_a_replay_as_its_own_call_would_and_writes_no_event_for_it() {
        VideoTask existing = insert("k1", T0);
        VideoTask a = task(owner, "a", T0);
        List<CreateResult> results = store.save().createAll(List.of(new NewTask(a, NextWork.at(T0)),
                new NewTask(task(owner, "k1", T0.plusSeconds(1)), NextWork.at(T0)),
                new NewTask(task(owner, "a", T0.plusSeconds(2)), NextWork.at(T0))));

        assertThat(results.get(0)).isInstanceOfSatisfying(CreateResult.Inserted.class, i -> assertThat(i.event().id()).isEqualTo(2));
        assertThat(results.get(1)).as("a key stored before").isInstanceOfSatisfying(CreateResult.Existing.class,
                e -> assertThat(e.task().id()).isEqualTo(existing.id()));
        assertThat(results.get(2)).as("a key used twice in the batch").isInstanceOfSatisfying(CreateResult.Existing.class,
                e -> assertThat(e.task().id()).isEqualTo(a.id()));
        assertThat(store.log().lastEventId(owner)).as("one event per new task, none per replay").isEqualTo(2);
        assertThat(store.save().createAll(List.of())).isEmpty();
    }

    /** Batches of creates from many threads, some of them with the same keys: one task per key, every log gapless. */
    @Test
    void concurrent_batches_of_creates_make_one_task_per_key() throws Exception {
        List<UserId> owners = List.of(owner, new UserId(owner.value() + "1"));
        List<Future<List<CreateResult>>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int w = 0; w < 8; w++) {
                runs.add(pool.submit(() -> {
                    List<CreateResult> all = new ArrayList<>();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int round = 0; round < 10; round++) {
                        List<NewTask> batch = new ArrayList<>();
                        for (int i = 0; i < 6; i++)
                            batch.add(new NewTask(task(owners.get(random.nextInt(2)), "k" + random.nextInt(40), T0), NextWork.at(T0)));
                        all.addAll(store.save().createAll(batch));
                    }
                    return all;
                }));
            }
        }
        java.util.Map<String, Set<VideoId>> idsPerKey = new java.util.HashMap<>();
        int inserted = 0;
        for (Future<List<CreateResult>> f : runs)
            for (CreateResult r : f.get()) {
                VideoTask t = switch (r) {
                    case CreateResult.Inserted i -> { inserted++; yield i.task(); }
                    case CreateResult.Existing e -> e.task();
                    case CreateResult.Refused x -> throw new AssertionError("a free task was refused: " + x);
                };
                idsPerKey.computeIfAbsent(t.owner().value() + "/" + t.clientRequestId().orElseThrow().value(), k -> new HashSet<>()).add(t.id());
            }
        assertThat(idsPerKey.values()).as("one task per owner and key").allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(inserted).as("one insert per key").isEqualTo(idsPerKey.size());
        long events = 0;
        for (UserId o : owners) {
            List<TaskEvent> log = ((Replay.Events) store.log().eventsAfter(o, 0, 10_000)).events();
            for (int i = 0; i < log.size(); i++) assertThat(log.get(i).id()).as("gapless").isEqualTo(i + 1L);
            events += log.size();
        }
        assertThat(events).as("one event per task").isEqualTo(inserted);
    }

    @Test
    void writes_are_fenced_by_version_and_each_writes_one_event() {
        VideoTask t = insert("k", T0);
        Transition.Changed submitted = changed(t.submitted(new ExternalTaskId("ext_1"), T0.plusSeconds(1)));
        UpdateResult first = store.save().update(TaskUpdate.of(submitted, NextWork.at(T0.plusSeconds(2))));
        assertThat(first).isInstanceOf(UpdateResult.Updated.class);
        // A stale writer decided on version 0 too: it must lose.
        Transition.Changed stale = changed(t.cancel(T0.plusSeconds(1)));
        assertThat(store.save().update(TaskUpdate.of(stale, NextWork.none()))).isInstanceOf(UpdateResult.Conflict.class);
        VideoTask stored = store.load().findById(t.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(stored.externalTaskId()).hasValue(new ExternalTaskId("ext_1"));
        assertThat(stored.version()).isEqualTo(1);
        assertThat(store.log().lastEventId(owner)).isEqualTo(2);
        assertThat(store.load().findByExternalId("default", new ExternalTaskId("ext_1"))).isPresent();
    }

    @Test
    void a_task_keeps_the_channel_that_accepted_its_job_through_single_and_batch_writes_and_claims() {
        VideoTask one = insert("on-eu", T0);
        VideoTask two = insert("on-us", T0);
        ChannelId eu = new ChannelId("runway-eu");
        ChannelId us = new ChannelId("openai-us");
        store.save().update(TaskUpdate.of(changed(one.submitted(eu, new ExternalTaskId("job_1"), T0.plusSeconds(1))),
                NextWork.at(T0.plusSeconds(2))));
        store.save().updateAll(List.of(TaskUpdate.of(changed(two.submitted(us, new ExternalTaskId("job_2"), T0.plusSeconds(1))),
                NextWork.at(T0.plusSeconds(2)))));
        // The channel is not the provider the request named ("default"): it is stored, not derived.
        assertThat(store.load().findById(one.id()).orElseThrow().channel()).hasValue(eu);
        assertThat(store.load().findById(two.id()).orElseThrow().channel()).hasValue(us);
        assertThat(store.claims().claimDue(T0.plusSeconds(3), 10, "w", Duration.ofSeconds(30)))
                .extracting(c -> c.task().channel().orElseThrow())
                .containsExactlyInAnyOrder(eu, us);
        // A later write (the job progressing) leaves the channel as it was.
        VideoTask stored = store.load().findById(one.id()).orElseThrow();
        store.save().update(TaskUpdate.of(changed(stored.observe(UpstreamObservation.inProgress(40), T0.plusSeconds(4))), NextWork.none()));
        assertThat(store.load().findById(one.id()).orElseThrow().channel()).hasValue(eu);
        assertThat(insert("not-yet", T0).channel()).isEmpty();
    }

    @Test
    void a_negative_prompt_and_estimated_progress_are_kept_through_single_and_batch_creates_and_claims() {
        Instant t = T0.truncatedTo(ChronoUnit.MICROS);
        TaskRequest r = new TaskRequest(owner, new Prompt("a fox in snow"), new VideoSpec("wan2.6-t2v", "5", "1280x720"), "wan",
                Optional.empty(), Lineage.generate(), Optional.of("no rain, no text"), true);
        VideoTask single = VideoTask.create(VideoId.generate(t, ThreadLocalRandom.current()), r, Optional.of(new ClientRequestId("neg-1")),
                t, t.plus(Duration.ofHours(1)));
        VideoTask batched = VideoTask.create(VideoId.generate(t, ThreadLocalRandom.current()), r, Optional.of(new ClientRequestId("neg-2")),
                t, t.plus(Duration.ofHours(1)));
        store.save().createOrGet(single, NextWork.at(t));
        store.save().createAll(List.of(new NewTask(batched, NextWork.at(t))));

        for (VideoTask v : List.of(single, batched)) {
            VideoTask stored = store.load().findById(v.id()).orElseThrow();
            assertThat(stored.request().negativePrompt()).contains("no rain, no text");
            assertThat(stored.request().progressEstimated()).isTrue();
            assertThat(stored.fingerprint()).isEqualTo(v.fingerprint());
            assertThat(stored.view().progressEstimated()).isTrue();
        }
        assertThat(store.claims().claimDue(t.plusSeconds(1), 10, "w", Duration.ofSeconds(30)))
                .allSatisfy(c -> assertThat(c.task().request().negativePrompt()).contains("no rain, no text"));
        assertThat(store.load().findById(insert("plain", T0).id()).orElseThrow().request())
                .satisfies(p -> {
                    assertThat(p.negativePrompt()).isEmpty();
                    assertThat(p.progressEstimated()).isFalse();
                });
    }

    @Test
    void a_claim_is_a_lease_no_one_else_gets_until_it_is_released_or_expires() {
        VideoTask t = insert("k", T0);
        List<ClaimedTask> a = store.claims().claimDue(T0.plusSeconds(1), 10, "worker-a", Duration.ofSeconds(30));
        assertThat(a).extracting(c -> c.task().id()).containsExactly(t.id());
        assertThat(store.claims().claimDue(T0.plusSeconds(2), 10, "worker-b", Duration.ofSeconds(30))).isEmpty();
        assertThat(store.claims().release(t.id(), "worker-b", NextWork.at(T0), false)).as("not b's lease").isFalse();
        // a's lease expires: b takes over; a's late write is refused.
        List<ClaimedTask> b = store.claims().claimDue(T0.plusSeconds(40), 10, "worker-b", Duration.ofSeconds(30));
        assertThat(b).hasSize(1);
        Transition.Changed late = changed(t.submitted(new ExternalTaskId("ext_late"), T0.plusSeconds(41)));
        assertThat(store.save().update(new TaskUpdate(late, NextWork.none(), Optional.of("worker-a")))).isInstanceOf(UpdateResult.Conflict.class);
        assertThat(store.claims().release(t.id(), "worker-b", NextWork.at(T0.plusSeconds(100)), true)).isTrue();
        assertThat(store.claims().claimDue(T0.plusSeconds(50), 10, "worker-c", Duration.ofSeconds(30))).as("not due yet").isEmpty();
        List<ClaimedTask> c = store.claims().claimDue(T0.plusSeconds(100), 10, "worker-c", Duration.ofSeconds(30));
        assertThat(c).singleElement().satisfies(x -> assertThat(x.failures()).isEqualTo(1));
        assertThat(store.claims().releaseAll("worker-c")).isEqualTo(1);
        assertThat(store.claims().claimDue(T0.plusSeconds(100), 10, "worker-d", Duration.ofSeconds(30))).hasSize(1);
    }

    @Test
    void a_pinned_submit_channel_comes_back_with_later_claims_until_the_task_has_a_job() {
        VideoTask t = insert("k", T0);
        ChannelId eu = new ChannelId("runway-eu");
        assertThat(store.claims().claimDue(T0.plusSeconds(1), 10, "worker-a", Duration.ofSeconds(30)))
                .singleElement().satisfies(c -> assertThat(c.submitChannel()).isEmpty());
        assertThat(store.claims().pinSubmit(t.id(), t.version(), "worker-b", Optional.of(eu), T0.plusSeconds(60))).as("not b's lease").isFalse();
        assertThat(store.claims().pinSubmit(t.id(), t.version() + 1, "worker-a", Optional.of(eu), T0.plusSeconds(60))).as("not the version read").isFalse();
        assertThat(store.claims().pinSubmit(t.id(), t.version(), "worker-a", Optional.of(eu), T0.plusSeconds(60))).isTrue();
        // The pin renewed the lease like renew(): nobody else claims the task while its submit may be on its way.
        assertThat(store.claims().claimDue(T0.plusSeconds(45), 10, "worker-b", Duration.ofSeconds(30))).isEmpty();
        // worker-a dies; another worker takes over and learns where the submit went.
        assertThat(store.claims().claimDue(T0.plusSeconds(61), 10, "worker-b", Duration.ofSeconds(30)))
                .singleElement().satisfies(c -> assertThat(c.submitChannel()).hasValue(eu));
        store.save().update(new TaskUpdate(changed(t.submitted(eu, new ExternalTaskId("job"), T0.plusSeconds(62))),
                NextWork.at(T0.plusSeconds(63)), Optional.of("worker-b")));
        assertThat(store.claims().claimDue(T0.plusSeconds(63), 10, "worker-c", Duration.ofSeconds(30)))
                .singleElement().satisfies(c -> {
                    assertThat(c.task().channel()).hasValue(eu);
                    assertThat(c.submitChannel()).as("the job's channel is the task's own now").isEmpty();
                });
    }

    @Test
    void a_cleared_submit_pin_is_not_handed_back() {
        VideoTask t = insert("k", T0);
        assertThat(store.claims().claimDue(T0.plusSeconds(1), 10, "worker-a", Duration.ofSeconds(30))).hasSize(1);
        assertThat(store.claims().pinSubmit(t.id(), t.version(), "worker-a", Optional.of(new ChannelId("eu")), T0.plusSeconds(30))).isTrue();
        assertThat(store.claims().pinSubmit(t.id(), t.version(), "worker-a", Optional.empty(), T0.plusSeconds(30))).isTrue();
        assertThat(store.claims().release(t.id(), "worker-a", NextWork.at(T0.plusSeconds(2)), true)).isTrue();
        assertThat(store.claims().claimDue(T0.plusSeconds(2), 10, "worker-b", Duration.ofSeconds(30)))
                .singleElement().satisfies(c -> assertThat(c.submitChannel()).isEmpty());
    }

    @Test
    void a_lease_is_renewed_only_by_its_holder_on_the_version_it_read_and_never_shortened() {
        VideoTask t = insert("k", T0);
        assertThat(store.claims().claimDue(T0.plusSeconds(1), 10, "worker-a", Duration.ofSeconds(30))).hasSize(1);
        assertThat(store.claims().renew(t.id(), t.version(), "worker-a", T0.plusSeconds(60))).isTrue();
        assertThat(store.claims().claimDue(T0.plusSeconds(45), 10, "worker-b", Duration.ofSeconds(30))).as("renewed past 31 s").isEmpty();
        assertThat(store.claims().renew(t.id(), t.version(), "worker-a", T0.plusSeconds(50))).as("an earlier end").isTrue();
        assertThat(store.claims().claimDue(T0.plusSeconds(55), 10, "worker-b", Duration.ofSeconds(30))).as("not shortened").isEmpty();
        assertThat(store.claims().renew(t.id(), t.version(), "worker-b", T0.plusSeconds(90))).as("not b's lease").isFalse();

        // a's lease runs out and b takes the task over: a can no longer renew, so it knows before it sends anything.
        assertThat(store.claims().claimDue(T0.plusSeconds(61), 10, "worker-b", Duration.ofSeconds(30))).hasSize(1);
        assertThat(store.claims().renew(t.id(), t.version(), "worker-a", T0.plusSeconds(100))).as("a's lease was taken over").isFalse();

        // The task changes under b's claim (its owner cancels it): b's read is stale, so its renewal fails too.
        store.save().update(TaskUpdate.of(changed(t.cancel(T0.plusSeconds(62))), NextWork.none()));
        assertThat(store.claims().renew(t.id(), t.version(), "worker-b", T0.plusSeconds(100))).as("stale version").isFalse();
        assertThat(store.claims().renew(t.id(), t.version() + 1, "worker-b", T0.plusSeconds(100))).as("the current version").isTrue();
        assertThat(store.claims().release(t.id(), "worker-b", NextWork.keep(), false)).isTrue();
        assertThat(store.claims().renew(t.id(), t.version() + 1, "worker-b", T0.plusSeconds(100))).as("after the release").isFalse();
    }

    @Test
    void a_task_with_no_more_work_is_never_claimed() {
        VideoTask t = insert("k", T0);
        store.save().update(TaskUpdate.of(changed(t.cancel(T0.plusSeconds(1))), NextWork.none()));
        assertThat(store.claims().claimDue(T0.plus(Duration.ofDays(1)), 10, "w", Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void listing_pages_by_cursor_newest_first_and_filters_by_status() {
        List<VideoTask> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) made.add(insert("k" + i, T0.plusSeconds(i)));
        List<VideoTask> page1 = store.list().list(new ListVideoTasksPort.Query(owner, Optional.empty(), Optional.empty(), 0, 2, true));
        assertThat(page1).extracting(VideoTask::id).containsExactly(made.get(4).id(), made.get(3).id());
        VideoTask last = page1.get(1);
        List<VideoTask> page2 = store.list().list(new ListVideoTasksPort.Query(owner, Optional.empty(),
                Optional.of(new ListVideoTasksPort.Cursor(last.createdAt(), last.id())), 0, 10, true));
        assertThat(page2).extracting(VideoTask::id).containsExactly(made.get(2).id(), made.get(1).id(), made.get(0).id());
        store.save().update(TaskUpdate.of(changed(made.get(0).cancel(T0.plusSeconds(9))), NextWork.none()));
        assertThat(store.list().list(new ListVideoTasksPort.Query(owner, Optional.of(TaskStatus.CANCELLED), Optional.empty(), 0, 10, true)))
                .extracting(VideoTask::id).containsExactly(made.get(0).id());
        assertThat(store.list().countByStatus(owner)).containsEntry(TaskStatus.QUEUED, 4L).containsEntry(TaskStatus.CANCELLED, 1L)
                .containsEntry(TaskStatus.COMPLETED, 0L);
        assertThat(store.list().countInFlight(owner)).as("QUEUED or PROCESSING").isEqualTo(4);
        store.save().update(TaskUpdate.of(changed(made.get(1).submitted(new ExternalTaskId("in-flight"), T0.plusSeconds(10))), NextWork.none()));
        assertThat(store.list().countInFlight(owner)).isEqualTo(4);
        assertThat(store.list().countInFlight(new UserId("usr_nobody"))).isZero();
    }

    @Test
    void the_event_log_replays_after_an_id_in_order_and_expires_what_was_pruned() {
        VideoTask t = insert("k", T0);
        VideoTask s = ((UpdateResult.Updated) store.save().update(TaskUpdate.of(changed(t.submitted(new ExternalTaskId("e"), T0.plusSeconds(1))),
                NextWork.at(T0)))).task();
        store.save().update(TaskUpdate.of(changed(s.observe(UpstreamObservation.inProgress(30), T0.plusSeconds(2))), NextWork.at(T0)));
        Replay all = store.log().eventsAfter(owner, 0, 100);
        assertThat(all).isInstanceOfSatisfying(Replay.Events.class, e -> {
            assertThat(e.events()).extracting(TaskEvent::id).containsExactly(1L, 2L, 3L);
            assertThat(e.events().get(2).task().progress()).isEqualTo(30);
        });
        assertThat(store.log().eventsAfter(owner, 1, 1)).isInstanceOfSatisfying(Replay.Events.class,
                e -> assertThat(e.events()).extracting(TaskEvent::id).containsExactly(2L));
        assertThat(store.log().pruneBefore(T0.plusMillis(1500))).isEqualTo(2);
        assertThat(store.log().eventsAfter(owner, 0, 100)).isInstanceOf(Replay.Expired.class);
        assertThat(store.log().eventsAfter(owner, 2, 100)).isInstanceOfSatisfying(Replay.Events.class,
                e -> assertThat(e.events()).extracting(TaskEvent::id).containsExactly(3L));
        assertThat(store.log().eventsAfter(new UserId("usr_nobody"), 0, 10)).isInstanceOfSatisfying(Replay.Events.class,
                e -> assertThat(e.events()).isEmpty());
    }

    @Test
    void a_batch_writes_each_update_under_its_own_condition_and_numbers_each_owners_events_in_order() {
        VideoTask a = insert("a", T0);
        VideoTask b = insert("b", T0.plusSeconds(1));
        VideoTask c = insert("c", T0.plusSeconds(2));
        UserId other = new UserId(owner.value() + "o");
        VideoTask d = ((CreateResult.Inserted) store.save().createOrGet(task(other, "d", T0), NextWork.at(T0))).task();
        // b changes under the batch: its update was decided on version 0 and must lose; the others are written.
        store.save().update(TaskUpdate.of(changed(b.cancel(T0.plusSeconds(3))), NextWork.none()));
        List<TaskUpdate> batch = List.of(
                TaskUpdate.of(changed(c.submitted(new ExternalTaskId("ext_c"), T0.plusSeconds(4))), NextWork.at(T0.plusSeconds(9))),
                TaskUpdate.of(changed(b.submitted(new ExternalTaskId("ext_b"), T0.plusSeconds(4))), NextWork.at(T0.plusSeconds(9))),
                TaskUpdate.of(changed(d.cancel(T0.plusSeconds(4))), NextWork.none()),
                TaskUpdate.of(changed(a.submitted(new ExternalTaskId("ext_a"), T0.plusSeconds(5))), NextWork.keep()));
        List<UpdateResult> results = store.save().updateAll(batch);

        assertThat(results).hasSize(4);
        assertThat(results.get(1)).isInstanceOf(UpdateResult.Conflict.class);
        assertThat(results.get(0)).isInstanceOfSatisfying(UpdateResult.Updated.class, u -> {
            assertThat(u.task().externalTaskId()).hasValue(new ExternalTaskId("ext_c"));
            assertThat(u.event().id()).as("after 3 creates and b's cancel").isEqualTo(5);
        });
        assertThat(results.get(3)).isInstanceOfSatisfying(UpdateResult.Updated.class, u -> assertThat(u.event().id()).isEqualTo(6));
        assertThat(results.get(2)).isInstanceOfSatisfying(UpdateResult.Updated.class, u -> {
            assertThat(u.event().id()).as("the other owner's own sequence").isEqualTo(2);
            assertThat(u.event().owner()).isEqualTo(other);
        });
        assertThat(store.load().findById(b.id()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(store.load().findById(b.id()).orElseThrow().externalTaskId()).isEmpty();
        VideoTask storedC = store.load().findById(c.id()).orElseThrow();
        assertThat(storedC.version()).isEqualTo(1);
        assertThat(storedC.submittedAt()).hasValue(T0.plusSeconds(4));
        assertThat(store.load().findByExternalId("default", new ExternalTaskId("ext_a"))).hasValueSatisfying(t -> assertThat(t.id()).isEqualTo(a.id()));
        assertThat(store.load().findById(d.id()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(store.log().eventsAfter(owner, 4, 10)).isInstanceOfSatisfying(Replay.Events.class, e -> {
            assertThat(e.events()).extracting(TaskEvent::id).containsExactly(5L, 6L);
            assertThat(e.events()).extracting(ev -> ev.task().videoId()).containsExactly(c.id().value(), a.id().value());
        });
        // The schedules: c's next poll was set, d has no more work, a kept its first one (due at T0).
        assertThat(store.claims().claimDue(T0.plusSeconds(8), 10, "w", Duration.ofSeconds(30))).extracting(ct -> ct.task().id())
                .containsExactly(a.id());
        assertThat(store.claims().claimDue(T0.plusSeconds(9), 10, "w2", Duration.ofSeconds(30))).extracting(ct -> ct.task().id())
                .containsExactly(c.id());
    }

    @Test
    void a_batch_with_a_lease_condition_is_refused_for_a_worker_that_lost_its_lease() {
        VideoTask a = insert("a", T0);
        VideoTask b = insert("b", T0);
        store.claims().claimDue(T0.plusSeconds(1), 10, "worker-a", Duration.ofSeconds(30));
        List<UpdateResult> results = store.save().updateAll(List.of(
                new TaskUpdate(changed(a.submitted(new ExternalTaskId("x"), T0.plusSeconds(2))), NextWork.none(), Optional.of("worker-a")),
                new TaskUpdate(changed(b.submitted(new ExternalTaskId("y"), T0.plusSeconds(2))), NextWork.none(), Optional.of("worker-b"))));
        assertThat(results.get(0)).isInstanceOf(UpdateResult.Updated.class);
        assertThat(results.get(1)).as("b is leased to worker-a").isInstanceOf(UpdateResult.Conflict.class);
        assertThat(store.claims().release(a.id(), "worker-a", NextWork.none(), false)).as("the write ended a's lease").isFalse();
        assertThat(store.log().lastEventId(owner)).isEqualTo(3);
    }

    @Test
    void a_batch_with_two_updates_of_one_task_is_refused_and_writes_nothing() {
        VideoTask a = insert("a", T0);
        List<TaskUpdate> twice = List.of(TaskUpdate.of(changed(a.cancel(T0.plusSeconds(1))), NextWork.none()),
                TaskUpdate.of(changed(a.submitted(new ExternalTaskId("x"), T0.plusSeconds(1))), NextWork.none()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.save().updateAll(twice)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.load().findById(a.id()).orElseThrow().version()).isZero();
        assertThat(store.log().lastEventId(owner)).isEqualTo(1);
        assertThat(store.save().updateAll(List.of())).isEmpty();
    }

    /**
     * Batches and single writes of the same tasks from many threads at once: nothing deadlocks, every write that
     * reported success is there exactly once, and each owner's event log stays gapless.
     */
    @Test
    void concurrent_batches_and_single_writes_keep_every_log_gapless() throws Exception {
        List<UserId> owners = List.of(owner, new UserId(owner.value() + "1"), new UserId(owner.value() + "2"));
        List<VideoTask> tasks = new ArrayList<>();
        for (int i = 0; i < 24; i++)
            tasks.add(((CreateResult.Inserted) store.save().createOrGet(task(owners.get(i % 3), "k" + i, T0), NextWork.at(T0))).task());
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        List<Future<?>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int w = 0; w < 8; w++) {
                boolean batches = w % 2 == 0;
                runs.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int round = 0; round < 25; round++) {
                        List<VideoTask> some = new ArrayList<>(tasks);
                        java.util.Collections.shuffle(some, random);
                        some = some.subList(0, batches ? 8 : 1);
                        List<TaskUpdate> updates = new ArrayList<>();
                        for (VideoTask t : some) {
                            VideoTask current = store.load().findById(t.id()).orElseThrow();
                            int progress = Math.min(99, current.progress() + 1);
                            Transition tr = current.externalTaskId().isEmpty()
                                    ? current.submitted(new ExternalTaskId("ext_" + t.id().value()), T0.plusSeconds(1))
                                    : current.observe(UpstreamObservation.inProgress(progress), T0.plusSeconds(2 + round));
                            if (tr instanceof Transition.Changed ch) updates.add(TaskUpdate.of(ch, NextWork.keep()));
                        }
                        List<UpdateResult> results = batches ? store.save().updateAll(updates)
                                : updates.stream().map(store.save()::update).toList();
                        results.forEach(r -> { if (r instanceof UpdateResult.Updated) written.incrementAndGet(); });
                    }
                }));
            }
        }
        for (Future<?> f : runs) f.get();
        long events = 0;
        for (UserId o : owners) {
            Replay r = store.log().eventsAfter(o, 0, 10_000);
            assertThat(r).isInstanceOf(Replay.Events.class);
            List<TaskEvent> log = ((Replay.Events) r).events();
            for (int i = 0; i < log.size(); i++) assertThat(log.get(i).id()).as("gapless").isEqualTo(i + 1L);
            events += log.size();
        }
        long versions = 0;
        for (VideoTask t : tasks) versions += store.load().findById(t.id()).orElseThrow().version();
        assertThat(written.get()).as("some writes won").isPositive();
        assertThat(versions).as("one version per write that won").isEqualTo(written.get());
        assertThat(events).as("one event per create and per write that won").isEqualTo(tasks.size() + written.get());
    }
}
