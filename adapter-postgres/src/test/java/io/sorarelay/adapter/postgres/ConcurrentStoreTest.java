package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ClaimDueTasksPort.ClaimedTask;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static io.sorarelay.adapter.postgres.Tasks.newTask;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evidence that the store keeps its invariants under concurrency: many threads (each with its own
 * pooled connection, as separate processes would have) race on shared tasks; afterwards the
 * invariants are checked in SQL, from the database itself.
 */
class ConcurrentStoreTest {
    private static final int THREADS = 32;

    private PostgresAdapter adapter;
    private PostgresVideoTaskStore store;
    private String schema;

    @BeforeEach
    void connect() {
        PostgresConfig config = TestDatabase.get().newSchemaConfig().withPoolSize(16);
        schema = config.schema();
        adapter = PostgresAdapter.connect(config);
        store = adapter.videoTasks();
    }

    @AfterEach
    void close() {
        if (adapter != null) adapter.close();
    }

    @Test
    void thirty_two_threads_of_random_operations_never_break_an_invariant() throws Exception {
        List<UserId> owners = List.of(new UserId("alice"), new UserId("bob"), new UserId("carol"));
        List<VideoId> shared = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Instant> clock = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MICROS));
        for (UserId owner : owners)
            for (int i = 0; i < 8; i++) shared.add(((CreateResult.Inserted) store.createOrGet(newTask(owner, null, clock.get()), NextWork.at(clock.get()))).task().id());

        Map<UserId, Set<Long>> eventIds = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Set<String> keysUsed = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        for (UserId o : owners) {
            Set<Long> initial = ConcurrentHashMap.newKeySet();
            for (long id = 1; id <= 8; id++) initial.add(id); // the eight creations above
            eventIds.put(o, initial);
        }

        Function<TaskEvent, Boolean> recordEvent = e -> {
            boolean fresh = eventIds.get(e.owner()).add(e.id());
            if (!fresh) errors.add("event id handed out twice: " + e.owner() + "/" + e.id());
            return fresh;
        };

        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 1_000 + t;
                String worker = "worker-" + t;
                futures.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    start.await();
                    for (int op = 0; op < 120; op++) {
                        Instant now = clock.updateAndGet(i -> i.plus(1, ChronoUnit.MILLIS));
                        int kind = random.nextInt(100);
                        try {
                            if (kind < 15) {
                                UserId owner = owners.get(random.nextInt(owners.size()));
                                String key = "key-" + random.nextInt(12);
                                keysUsed.add(owner + "/" + key);
                                switch (store.createOrGet(newTask(owner, key, now), NextWork.at(now))) {
                                    case CreateResult.Inserted ins -> { recordEvent.apply(ins.event()); shared.add(ins.task().id()); count(outcomes, "created"); }
                                    case CreateResult.Refused r -> errors.add("a free task was refused: " + r);
                                    case CreateResult.Existing ex -> {
                                        if (!ex.task().clientRequestId().equals(Optional.of(new ClientRequestId(key))) || !ex.task().owner().equals(owner))
                                            errors.add("create-or-get answered another task: " + ex.task().id());
                                        count(outcomes, "existing");
                                    }
                                }
                            } else if (kind < 35) {
                                // claim a batch; for each task, either write with the lease or release it
                                for (ClaimedTask c : store.claimDue(now, 3, worker, Duration.ofMillis(40))) {
                                    Transition tr = decide(c.task(), random, now);
                                    if (tr instanceof Transition.Changed ch && random.nextBoolean()) {
                                        applyResult(store.update(new TaskUpdate(ch, nextFor(ch.next(), now, random), Optional.of(worker))), recordEvent, outcomes, "leased-");
                                    } else {
                                        boolean released = store.release(c.task().id(), worker, NextWork.at(now.plusMillis(random.nextInt(5))), random.nextBoolean());
                                        count(outcomes, released ? "released" : "release-lost");
                                    }
                                }
                            } else {
                                VideoId id = shared.get(random.nextInt(shared.size()));
                                Optional<VideoTask> loaded = store.findById(id);
                                if (loaded.isEmpty()) { errors.add("task vanished: " + id); continue; }
                                if (kind < 50) Thread.yield(); // let others move on: a stale version
                                Transition tr = kind < 40 ? loaded.get().cancel(now) : decide(loaded.get(), random, now);
                                if (tr instanceof Transition.Changed ch)
                                    applyResult(store.update(TaskUpdate.of(ch, nextFor(ch.next(), now, random))), recordEvent, outcomes, "");
                                else count(outcomes, "no-change");
                            }
                        } catch (RuntimeException e) {
                            errors.add(e.toString());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) f.get(2, TimeUnit.MINUTES);
        }

        assertThat(errors).isEmpty();
        assertThat(outcomes.getOrDefault("updated", new AtomicInteger()).get()).as("some writes succeed").isPositive();
        assertThat(outcomes.getOrDefault("conflict", new AtomicInteger()).get()).as("some writes are stale").isPositive();
        assertThat(outcomes.getOrDefault("leased-updated", new AtomicInteger()).get()).as("some leased writes succeed").isPositive();
        assertThat(outcomes.getOrDefault("existing", new AtomicInteger()).get()).as("some create-or-get replays").isPositive();

        try (Connection c = TestDatabase.get().connect(schema)) {
            assertThat(StoreInvariants.violations(c)).isEmpty();
            for (UserId owner : owners) {
                long stored = StoreInvariants.count(c, "SELECT count(*) FROM task_events WHERE owner = '" + owner.value() + "'");
                assertThat(stored).as("events of %s = successful writes reported", owner).isEqualTo(eventIds.get(owner).size());
                assertThat(store.lastEventId(owner)).isEqualTo(stored);
            }
            assertThat(StoreInvariants.count(c, "SELECT count(*) FROM video_tasks WHERE client_request_id IS NOT NULL"))
                    .as("one task per key used").isEqualTo(keysUsed.size());
            assertThat(StoreInvariants.count(c, "SELECT count(*) FROM video_tasks")).isEqualTo(shared.size());
        }
        System.out.println("random operations: " + outcomes);
    }

    @Test
    void thirty_two_concurrent_identical_creates_store_one_task_and_one_event() throws Exception {
        UserId owner = new UserId("racer");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int round = 0; round < 10; round++) {
            String key = "double-click-" + round;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<CreateResult>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
                for (int t = 0; t < THREADS; t++) {
                    VideoTask candidate = newTask(owner, key, now);
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.createOrGet(candidate, NextWork.at(now));
                    }));
                }
                start.countDown();
                List<CreateResult> answers = new ArrayList<>();
                for (Future<CreateResult> f : results) answers.add(f.get(1, TimeUnit.MINUTES));
                List<CreateResult.Inserted> inserted = answers.stream()
                        .filter(CreateResult.Inserted.class::isInstance).map(CreateResult.Inserted.class::cast).toList();
                assertThat(inserted).hasSize(1);
                VideoTask winner = inserted.getFirst().task();
                assertThat(answers).filteredOn(CreateResult.Existing.class::isInstance)
                        .hasSize(THREADS - 1)
                        .allSatisfy(a -> assertThat(((CreateResult.Existing) a).task()).isEqualTo(winner));
                assertThat(inserted.getFirst().event().id()).isEqualTo(round + 1);
            }
        }
        try (Connection c = TestDatabase.get().connect(schema)) {
            assertThat(StoreInvariants.count(c, "SELECT count(*) FROM video_tasks WHERE owner = 'racer'")).isEqualTo(10);
            assertThat(StoreInvariants.count(c, "SELECT count(*) FROM task_events WHERE owner = 'racer'")).isEqualTo(10);
            assertThat(StoreInvariants.count(c, "SELECT last_event_id FROM user_event_seq WHERE user_id = 'racer'")).isEqualTo(10);
            assertThat(StoreInvariants.violations(c)).isEmpty();
        }
    }

    @Test
    void four_workers_never_hold_the_same_task_at_once_and_expired_leases_move_on() throws Exception {
        Instant t0 = Instant.parse("2026-05-01T00:00:00Z");
        List<VideoId> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) ids.add(((CreateResult.Inserted) store.createOrGet(newTask(new UserId("owner-" + (i % 7)), null, t0),
                NextWork.at(t0.plusMillis(i)))).task().id());

        // 1. one pass with long leases: every task is handed out exactly once
        Map<VideoId, String> firstHolder = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> doubles = new ConcurrentLinkedQueue<>();
        runWorkers(4, worker -> {
            List<ClaimedTask> batch;
            while (!(batch = store.claimDue(t0.plusSeconds(1), 7, worker, Duration.ofHours(1))).isEmpty())
                for (ClaimedTask c : batch)
                    if (firstHolder.putIfAbsent(c.task().id(), worker) != null) doubles.add(c.task().id() + " to " + worker);
        });
        assertThat(doubles).isEmpty();
        assertThat(firstHolder.keySet()).containsExactlyInAnyOrderElementsOf(ids);

        // 2. the leases expire: each task is taken over exactly once, and the old holders are fenced off
        Instant later = t0.plus(Duration.ofHours(1)).plusSeconds(2);
        Map<VideoId, String> secondHolder = new ConcurrentHashMap<>();
        runWorkers(4, worker -> {
            List<ClaimedTask> batch;
            while (!(batch = store.claimDue(later, 5, worker, Duration.ofHours(1))).isEmpty())
                for (ClaimedTask c : batch)
                    if (secondHolder.putIfAbsent(c.task().id(), worker) != null) doubles.add(c.task().id() + " again to " + worker);
        });
        assertThat(doubles).isEmpty();
        assertThat(secondHolder).hasSize(ids.size());
        AtomicInteger fenced = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        for (VideoId id : ids) {
            VideoTask task = store.findById(id).orElseThrow();
            Transition.Changed change = (Transition.Changed) task.submitted(new ExternalTaskId("ext-" + id.value()), later);
            String old = firstHolder.get(id);
            String current = secondHolder.get(id);
            if (!old.equals(current)) {
                assertThat(store.update(new TaskUpdate(change, NextWork.none(), Optional.of(old)))).isInstanceOf(UpdateResult.Conflict.class);
                assertThat(store.release(id, old, NextWork.none(), false)).isFalse();
                fenced.incrementAndGet();
            }
            assertThat(store.update(new TaskUpdate(change, NextWork.at(later.plusSeconds(1)), Optional.of(current)))).isInstanceOf(UpdateResult.Updated.class);
            written.incrementAndGet();
        }
        assertThat(fenced.get()).as("some tasks changed hands").isPositive();

        // 3. a steady state of short claims: claim, hold, release — nobody ever sees a task held by another
        Map<VideoId, String> holding = new ConcurrentHashMap<>();
        AtomicLong claims = new AtomicLong();
        Instant steady = later.plusSeconds(2);
        long enough = 5L * ids.size();
        runWorkers(4, worker -> {
            while (claims.get() < enough) {
                for (ClaimedTask c : store.claimDue(steady, 10, worker, Duration.ofHours(1))) {
                    claims.incrementAndGet();
                    String other = holding.putIfAbsent(c.task().id(), worker);
                    if (other != null) doubles.add(c.task().id() + " held by " + other + " and " + worker);
                    Thread.onSpinWait();
                    holding.remove(c.task().id(), worker);
                    if (!store.release(c.task().id(), worker, NextWork.at(steady), false)) doubles.add("lost lease of " + c.task().id());
                }
            }
        });
        assertThat(doubles).isEmpty();
        try (Connection c = TestDatabase.get().connect(schema)) {
            assertThat(StoreInvariants.count(c, "SELECT count(*) FROM video_tasks WHERE lease_owner IS NOT NULL")).isZero();
            assertThat(StoreInvariants.violations(c)).isEmpty();
        }
    }

    @Test
    void the_sql_checks_do_catch_broken_invariants() throws Exception {
        UserId owner = new UserId("victim");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        VideoTask t = ((CreateResult.Inserted) store.createOrGet(newTask(owner, "k", now), NextWork.none())).task();
        store.update(TaskUpdate.of((Transition.Changed) t.cancel(now), NextWork.none()));
        try (Connection c = TestDatabase.get().connect(schema)) {
            assertThat(StoreInvariants.violations(c)).isEmpty();
            try (var s = c.createStatement()) {
                // a third event that "revives" the cancelled task at a lower progress, with a gap before it
                s.execute("""
                        INSERT INTO task_events (owner, id, payload, created_at)
                        SELECT owner, 4, CAST(jsonb_set(jsonb_set(CAST(payload AS jsonb), '{status}', '"PROCESSING"'), '{version}', '2') AS json), created_at
                        FROM task_events WHERE owner = 'victim' AND id = 2""");
                s.execute("UPDATE user_event_seq SET last_event_id = 4 WHERE user_id = 'victim'");
            }
            assertThat(StoreInvariants.violations(c)).anySatisfy(v -> assertThat(v).startsWith("each owner's retained event ids are gapless"))
                    .anySatisfy(v -> assertThat(v).startsWith("a task never leaves a terminal status"))
                    .anySatisfy(v -> assertThat(v).startsWith("every task has one event per version"));
        }
    }

    // ---------------------------------------------------------------------------------------------

    private interface WorkerBody { void run(String worker) throws Exception; }

    private static void runWorkers(int n, WorkerBody body) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String worker = "worker-" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    body.run(worker);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) f.get(2, TimeUnit.MINUTES);
        }
    }

    /** What a poller or a webhook might decide about a task: a random observation. */
    private static Transition decide(VideoTask task, SplittableRandom random, Instant now) {
        if (task.externalTaskId().isEmpty()) return task.submitted(new ExternalTaskId("ext-" + task.id().value()), now);
        return switch (random.nextInt(10)) {
            case 0 -> task.observe(UpstreamObservation.completed(), now);
            case 1 -> task.observe(UpstreamObservation.failed(new TaskError("upstream_failed", "boom")), now);
            case 2 -> task.observe(UpstreamObservation.queued(), now);
            default -> task.observe(UpstreamObservation.inProgress(Math.max(0, Math.min(99, task.progress() + random.nextInt(-5, 20)))), now);
        };
    }

    private static NextWork nextFor(VideoTask next, Instant now, SplittableRandom random) {
        if (next.isTerminal()) return NextWork.none();
        return switch (random.nextInt(3)) {
            case 0 -> NextWork.keep();
            default -> NextWork.at(now.plusMillis(random.nextInt(10)));
        };
    }

    private static void applyResult(UpdateResult r, Function<TaskEvent, Boolean> record, Map<String, AtomicInteger> outcomes, String prefix) {
        switch (r) {
            case UpdateResult.Updated u -> { record.apply(u.event()); count(outcomes, prefix + "updated"); count(outcomes, "updated"); }
            case UpdateResult.Conflict c -> { count(outcomes, prefix + "conflict"); count(outcomes, "conflict"); }
        }
    }

    private static void count(Map<String, AtomicInteger> outcomes, String key) {
        outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
}
