package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.RelayMetricsPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.sorarelay.adapter.postgres.Tasks.T0;
import static io.sorarelay.adapter.postgres.Tasks.newTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent single calls are combined behind the ports into shared statements (and commits), each caller getting its
 * own outcome: updates, lookups by upstream id, webhook deliveries. Every lane is held by a call blocked on a lock
 * another transaction holds, so the calls made meanwhile queue, and go out together once the lock goes.
 */
class CombinedWritesTest {
    private static final UserId OWNER = new UserId("usr_combined");

    private PostgresAdapter adapter;
    private PostgresVideoTaskStore store;
    private String schema;
    private final List<int[]> writeBatches = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void connect() {
        PostgresConfig config = TestDatabase.get().newSchemaConfig().withPoolSize(16);
        schema = config.schema();
        adapter = PostgresAdapter.connect(config);
        store = adapter.videoTasks();
        store.reportBatchesTo(new RelayMetricsPort() {
            public void upstreamCall(String operation, String outcome) {}
            public void taskChanged(String status) {}
            public void claimed(int count) {}
            public void storeBatch(String kind, int items, long ranNanos, long waitedNanos) {
                if (kind.equals("write")) writeBatches.add(new int[] {items});
            }
        });
    }

    @AfterEach
    void close() {
        if (adapter != null) adapter.close();
    }

    @Test
    void writes_queued_while_every_lane_is_busy_share_a_statement_and_a_second_write_of_a_task_loses_on_its_own()
            throws Exception {
        List<VideoTask> holding = stored(PostgresTaskWriter.WRITE_LANES);
        List<VideoTask> queued = stored(6);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor(); Connection locker = TestDatabase.get().connect(schema)) {
            List<Future<UpdateResult>> mine = holdEveryLane(pool, locker, holding);
            List<Future<UpdateResult>> others = new ArrayList<>();
            for (VideoTask t : queued) others.add(pool.submit(() -> store.update(submitted(t, "job_" + t.id().value()))));
            // the same task again, from the same version: only one of the two can be written
            Future<UpdateResult> again = pool.submit(() -> store.update(submitted(queued.getFirst(), "job_again")));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.writer().queuedWrites() == queued.size() + 1);
            locker.commit();

            for (Future<UpdateResult> f : mine) assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(UpdateResult.Updated.class);
            for (Future<UpdateResult> f : others.subList(1, others.size()))
                assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(UpdateResult.Updated.class);
            assertThat(List.of(others.getFirst().get(10, TimeUnit.SECONDS), again.get(10, TimeUnit.SECONDS)))
                    .as("the two writes of one task: one written, one conflict")
                    .extracting(r -> r.getClass().getSimpleName()).containsExactlyInAnyOrder("Updated", "Conflict");
        }
        int writes = holding.size() + queued.size() + 1;
        assertThat(writeBatches.stream().mapToInt(b -> b[0]).sum()).as("every write in one batch").isEqualTo(writes);
        assertThat(writeBatches).as("the queued writes combined").hasSizeLessThan(writes);
        assertThat(events()).as("one event per task created and one per write that won").hasSize(holding.size() + queued.size() + writes - 1)
                .extracting(TaskEvent::id).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void a_combined_batch_the_database_refuses_is_written_one_by_one_so_only_the_bad_write_fails() throws Exception {
        List<VideoTask> holding = stored(PostgresTaskWriter.WRITE_LANES);
        List<VideoTask> good = stored(3);
        // a submitted task, so that an upstream failure changes it
        VideoTask bad = ((UpdateResult.Updated) store.update(submitted(stored(1).getFirst(), "job_bad"))).task();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor(); Connection locker = TestDatabase.get().connect(schema)) {
            holdEveryLane(pool, locker, holding);
            List<Future<UpdateResult>> fine = new ArrayList<>();
            for (VideoTask t : good) fine.add(pool.submit(() -> store.update(submitted(t, "job_" + t.id().value()))));
            // PostgreSQL's text refuses a NUL character: the combined statement fails, and so does this write alone.
            Future<UpdateResult> failing = pool.submit(() -> store.update(failed(bad, "a NUL \u0000 in the message")));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.writer().queuedWrites() == good.size() + 1);
            locker.commit();

            for (Future<UpdateResult> f : fine) assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(UpdateResult.Updated.class);
            assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RuntimeException.class);
        }
        assertThat(good).as("the good writes written").allSatisfy(t -> assertThat(store.findById(t.id()).orElseThrow().externalTaskId())
                .contains(new ExternalTaskId("job_" + t.id().value())));
        assertThat(store.findById(bad.id()).orElseThrow().version()).as("the bad write wrote nothing").isEqualTo(bad.version());
    }

    @Test
    void lookups_by_upstream_id_queued_behind_busy_lanes_share_a_statement_and_each_gets_its_own_task() throws Exception {
        List<VideoTask> tasks = new ArrayList<>();
        for (VideoTask t : stored(5)) tasks.add(((UpdateResult.Updated) store.update(submitted(t, "job_" + t.id().value()))).task());
        List<int[]> lookups = batchesOf("lookup");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor(); Connection locker = TestDatabase.get().connect(schema)) {
            List<Future<Optional<VideoTask>>> holders = holdEveryLane(pool, locker, "video_tasks", PostgresTaskQueries.LOOKUP_LANES,
                    () -> store.findByExternalId("default", tasks.getFirst().externalTaskId().orElseThrow()));
            List<Future<Optional<VideoTask>>> queued = new ArrayList<>();
            for (VideoTask t : tasks) queued.add(pool.submit(() -> store.findByExternalId("default", t.externalTaskId().orElseThrow())));
            // the same job again, one nobody has, and a known job at another upstream
            Future<Optional<VideoTask>> again = pool.submit(() -> store.findByExternalId("default", tasks.get(1).externalTaskId().orElseThrow()));
            Future<Optional<VideoTask>> unknown = pool.submit(() -> store.findByExternalId("default", new ExternalTaskId("job_nobody")));
            Future<Optional<VideoTask>> elsewhere = pool.submit(() -> store.findByExternalId("second", tasks.get(2).externalTaskId().orElseThrow()));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.queries().queuedLookups() == tasks.size() + 3);
            locker.commit();

            for (Future<Optional<VideoTask>> f : holders) assertThat(f.get(10, TimeUnit.SECONDS)).contains(tasks.getFirst());
            for (int i = 0; i < tasks.size(); i++) assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).contains(tasks.get(i));
            assertThat(again.get(10, TimeUnit.SECONDS)).contains(tasks.get(1));
            assertThat(unknown.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(elsewhere.get(10, TimeUnit.SECONDS)).isEmpty();
        }
        int calls = PostgresTaskQueries.LOOKUP_LANES + tasks.size() + 3;
        assertThat(lookups.stream().mapToInt(b -> b[0]).sum()).isEqualTo(calls);
        assertThat(lookups).as("the queued lookups combined").hasSizeLessThan(calls);
    }

    @Test
    void deliveries_queued_behind_busy_lanes_share_a_statement_and_only_the_first_of_an_id_is_the_first_delivery() throws Exception {
        PostgresWebhookDeliveryLog deliveries = (PostgresWebhookDeliveryLog) adapter.webhookDeliveries();
        assertThat(deliveries.firstDelivery("wh_seen", T0)).isTrue();
        List<int[]> batches = batchesOf("delivery");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor(); Connection locker = TestDatabase.get().connect(schema)) {
            List<Future<Boolean>> holders = holdEveryLane(pool, locker, "webhook_deliveries", PostgresWebhookDeliveryLog.DELIVERY_LANES,
                    () -> deliveries.firstDelivery("wh_holder_" + Thread.currentThread().threadId(), T0));
            List<Future<Boolean>> fresh = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String id = "wh_new_" + i;
                fresh.add(pool.submit(() -> deliveries.firstDelivery(id, T0.plusSeconds(1))));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.queued() == 5);
            Future<Boolean> repeat = pool.submit(() -> deliveries.firstDelivery("wh_new_0", T0.plusSeconds(2)));
            Future<Boolean> seen = pool.submit(() -> deliveries.firstDelivery("wh_seen", T0.plusSeconds(2)));
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.queued() == 7);
            locker.commit();

            for (Future<Boolean> f : holders) assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
            for (Future<Boolean> f : fresh.subList(1, fresh.size())) assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(List.of(fresh.getFirst().get(10, TimeUnit.SECONDS), repeat.get(10, TimeUnit.SECONDS)))
                    .as("two deliveries of one id: one first").containsExactlyInAnyOrder(true, false);
            assertThat(seen.get(10, TimeUnit.SECONDS)).isFalse();
        }
        assertThat(batches.stream().mapToInt(b -> b[0]).sum()).isEqualTo(PostgresWebhookDeliveryLog.DELIVERY_LANES + 7);
        assertThat(batches).as("the queued deliveries combined").hasSizeLessThan(PostgresWebhookDeliveryLog.DELIVERY_LANES + 7);
    }

    @Test
    void renewals_queued_behind_busy_lanes_share_a_statement_and_each_holds_only_its_own_workers_lease_on_its_version()
            throws Exception {
        List<VideoTask> tasks = stored(PostgresWorkQueue.RENEW_LANES + 5);
        assertThat(store.claimDue(T0, 100, "worker-a", Duration.ofSeconds(30))).hasSize(tasks.size());
        List<VideoTask> holding = tasks.subList(0, PostgresWorkQueue.RENEW_LANES);
        List<VideoTask> queued = tasks.subList(PostgresWorkQueue.RENEW_LANES, tasks.size());
        List<int[]> renewBatches = batchesOf("renew");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor(); Connection locker = TestDatabase.get().connect(schema)) {
            locker.setAutoCommit(false);
            try (PreparedStatement ps = locker.prepareStatement("SELECT 1 FROM video_tasks WHERE video_id = ANY(?) FOR UPDATE")) {
                ps.setArray(1, locker.createArrayOf("text", holding.stream().map(t -> t.id().value()).toArray()));
                ps.executeQuery().close();
            }
            List<Future<Boolean>> holders = blockOneByOne(pool, holding.stream()
                    .<Callable<Boolean>>map(t -> () -> store.renew(t.id(), t.version(), "worker-a", T0.plusSeconds(60))).toList());
            List<Future<Boolean>> good = new ArrayList<>();
            for (VideoTask t : queued.subList(0, 3)) good.add(pool.submit(() -> store.renew(t.id(), t.version(), "worker-a", T0.plusSeconds(60))));
            VideoTask other = queued.get(3), stale = queued.get(4);
            Future<Boolean> notMine = pool.submit(() -> store.renew(other.id(), other.version(), "worker-b", T0.plusSeconds(60)));
            Future<Boolean> staleRead = pool.submit(() -> store.renew(stale.id(), stale.version() + 1, "worker-a", T0.plusSeconds(60)));
            // the same task again in the same batch, with a later end: it goes after the first and extends it further
            Future<Boolean> again = pool.submit(() -> store.renew(queued.getFirst().id(), queued.getFirst().version(), "worker-a",
                    T0.plusSeconds(90)));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.workQueue().queuedRenewals() == 6);
            locker.commit();

            for (Future<Boolean> f : holders) assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
            for (Future<Boolean> f : good) assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(again.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(notMine.get(10, TimeUnit.SECONDS)).as("another worker's lease").isFalse();
            assertThat(staleRead.get(10, TimeUnit.SECONDS)).as("a version the task does not have").isFalse();
        }
        assertThat(renewBatches.stream().mapToInt(b -> b[0]).sum()).isEqualTo(PostgresWorkQueue.RENEW_LANES + 6);
        assertThat(renewBatches).as("the queued renewals combined").hasSizeLessThan(PostgresWorkQueue.RENEW_LANES + 6);
        // Leases end at 60 s (renewed), 90 s (renewed twice) or 30 s (the claim's, where the renewal was refused).
        assertThat(store.claimDue(T0.plusSeconds(45), 100, "worker-c", Duration.ofHours(1))).as("the refused renewals' tasks")
                .extracting(c -> c.task().id()).containsExactlyInAnyOrder(queued.get(3).id(), queued.get(4).id());
        assertThat(store.claimDue(T0.plusSeconds(75), 100, "worker-c", Duration.ofHours(1))).as("leases renewed to 60 s")
                .hasSize(tasks.size() - 3);
        assertThat(store.claimDue(T0.plusSeconds(95), 100, "worker-c", Duration.ofHours(1))).as("the lease renewed to 90 s")
                .extracting(c -> c.task().id()).containsExactly(queued.getFirst().id());
    }

    /** The sizes of the batches of {@code kind} reported from now on. */
    private List<int[]> batchesOf(String kind) {
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        store.reportBatchesTo(new RelayMetricsPort() {
            public void upstreamCall(String operation, String outcome) {}
            public void taskChanged(String status) {}
            public void claimed(int count) {}
            public void storeBatch(String k, int items, long ranNanos, long waitedNanos) {
                if (k.equals(kind)) seen.add(new int[] {items});
            }
        });
        return seen;
    }

    /**
     * Locks the rows of {@code holding} in {@code locker}'s transaction, then writes each of them from its own thread:
     * each write blocks on its row, holding a lane.
     */
    private List<Future<UpdateResult>> holdEveryLane(ExecutorService pool, Connection locker, List<VideoTask> holding) throws SQLException {
        locker.setAutoCommit(false);
        try (PreparedStatement ps = locker.prepareStatement("SELECT 1 FROM video_tasks WHERE video_id = ANY(?) FOR UPDATE")) {
            ps.setArray(1, locker.createArrayOf("text", holding.stream().map(t -> t.id().value()).toArray()));
            ps.executeQuery().close();
        }
        return blockOneByOne(pool, holding.stream().<Callable<UpdateResult>>map(t -> () -> store.update(submitted(t, "job_" + t.id().value()))).toList());
    }

    /** Locks {@code table} in {@code locker}'s transaction, then makes {@code lanes} calls, each blocked on it and holding a lane. */
    private <T> List<Future<T>> holdEveryLane(ExecutorService pool, Connection locker, String table, int lanes, Callable<T> call) throws SQLException {
        locker.setAutoCommit(false);
        try (var s = locker.createStatement()) {
            s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
        return blockOneByOne(pool, java.util.Collections.nCopies(lanes, call));
    }

    /**
     * Starts the calls one at a time, each blocked on a lock (and so holding a lane) before the next starts: two started
     * at once may share a batch, and then fewer than every lane would be held.
     */
    private <T> List<Future<T>> blockOneByOne(ExecutorService pool, List<Callable<T>> calls) throws SQLException {
        List<Future<T>> started = new ArrayList<>();
        // Watched from a connection of its own: a transaction sees one snapshot of pg_stat_activity.
        try (Connection watcher = TestDatabase.get().connect(schema)) {
            for (Callable<T> call : calls) {
                started.add(pool.submit(call));
                int blocked = started.size();
                await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnALock(watcher) == blocked);
            }
        }
        return started;
    }

    private static long waitingOnALock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<VideoTask> stored(int n) {
        List<VideoTask> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++)
            tasks.add(((CreateResult.Inserted) store.createOrGet(newTask(OWNER, null, T0), NextWork.at(T0))).task());
        return tasks;
    }

    private static TaskUpdate submitted(VideoTask t, String job) {
        return TaskUpdate.of((Transition.Changed) t.submitted(new ExternalTaskId(job), T0.plusSeconds(1)), NextWork.keep());
    }

    private static TaskUpdate failed(VideoTask t, String message) {
        Transition tr = t.observe(UpstreamObservation.failed(new TaskError("upstream_failed", message)), T0.plusSeconds(1));
        return TaskUpdate.of((Transition.Changed) tr, NextWork.none());
    }

    private List<TaskEvent> events() {
        return ((TaskEventLogPort.Replay.Events) store.eventsAfter(OWNER, 0, 1_000)).events();
    }
}
