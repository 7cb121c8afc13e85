package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.sorarelay.adapter.postgres.Tasks.newTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away (a TCP proxy in front of the shared server refuses and cuts connections;
 * the server itself is never touched): calls fail fast with DependencyUnavailableException and
 * write nothing; when the proxy is back, the same adapter instance recovers by itself.
 */
class DatabaseOutageTest {
    private FaultProxy proxy;
    private PostgresAdapter adapter;
    private PostgresVideoTaskStore store;
    private PostgresConfig viaProxy;
    private String schema;

    @BeforeEach
    void connectThroughProxy() throws Exception {
        TestDatabase db = TestDatabase.get();
        proxy = new FaultProxy(db.host(), db.port());
        PostgresConfig direct = db.newSchemaConfig();
        schema = direct.schema();
        viaProxy = new PostgresConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.database(),
                db.user(), db.password(), 4, true, schema, Duration.ofMillis(800));
        adapter = PostgresAdapter.connect(viaProxy);
        store = adapter.videoTasks();
    }

    @AfterEach
    void close() throws Exception {
        if (adapter != null) adapter.close();
        if (proxy != null) proxy.close();
    }

    @Test
    void while_the_database_is_unreachable_calls_fail_fast_and_write_nothing_then_recover() throws Exception {
        UserId owner = new UserId("outage-user");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        VideoTask existing = ((CreateResult.Inserted) store.createOrGet(newTask(owner, "before", now), NextWork.at(now))).task();
        Transition.Changed submit = (Transition.Changed) existing.submitted(new ExternalTaskId("ext-1"), now.plusSeconds(1));
        VideoTask during = newTask(owner, "during", now);

        proxy.down();

        assertUnavailableFast(() -> store.createOrGet(during, NextWork.at(now)));
        assertUnavailableFast(() -> store.update(TaskUpdate.of(submit, NextWork.none())));
        assertUnavailableFast(() -> store.claimDue(now.plusSeconds(5), 10, "w", Duration.ofSeconds(30)));
        assertUnavailableFast(() -> store.release(existing.id(), "w", NextWork.none(), false));
        assertUnavailableFast(() -> store.findById(existing.id()));
        assertUnavailableFast(() -> store.eventsAfter(owner, 0, 10));
        assertUnavailableFast(() -> adapter.userAccounts().findById(owner));
        assertUnavailableFast(() -> adapter.webhookDeliveries().firstDelivery("wh-1", now));
        assertThat(adapter.isReachable()).isFalse();

        // nothing was written (checked directly, not through the proxy)
        try (Connection c = TestDatabase.get().connect(schema)) {
            assertThat(StoreInvariants.count(c, "SELECT count(*) FROM video_tasks")).isEqualTo(1);
            assertThat(StoreInvariants.count(c, "SELECT version FROM video_tasks")).isZero();
            assertThat(StoreInvariants.count(c, "SELECT count(*) FROM task_events")).isEqualTo(1);
            assertThat(StoreInvariants.count(c, "SELECT count(*) FROM video_tasks WHERE lease_owner IS NOT NULL")).isZero();
            assertThat(StoreInvariants.count(c, "SELECT count(*) FROM webhook_deliveries")).isZero();
        }

        proxy.up();

        // the same instance works again by itself, once the pool has reconnected (its reconnect
        // backoff is at most 5 s); until then calls keep failing fast with the same exception
        awaitRecovery(() -> store.lastEventId(owner), Duration.ofSeconds(8));
        assertThat(store.update(TaskUpdate.of(submit, NextWork.none()))).isInstanceOf(UpdateResult.Updated.class);
        assertThat(store.createOrGet(during, NextWork.at(now))).isInstanceOf(CreateResult.Inserted.class);
        assertThat(store.lastEventId(owner)).isEqualTo(3);
        assertThat(adapter.isReachable()).isTrue();
        try (Connection c = TestDatabase.get().connect(schema)) {
            assertThat(StoreInvariants.violations(c)).isEmpty();
        }
    }

    @Test
    void cutting_connections_under_load_leaves_no_half_written_task_and_the_store_recovers() throws Exception {
        UserId owner = new UserId("load-user");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    int i = 0;
                    while (running.get()) {
                        try {
                            VideoTask task = newTask(owner, "k-" + thread + "-" + i++, now);
                            if (store.createOrGet(task, NextWork.at(now)) instanceof CreateResult.Inserted ins) {
                                store.update(TaskUpdate.of((Transition.Changed) ins.task().cancel(now.plusSeconds(1)), NextWork.none()));
                            }
                            ok.incrementAndGet();
                        } catch (DependencyUnavailableException e) {
                            unavailable.incrementAndGet();
                        } catch (RuntimeException e) {
                            unexpected.add(e.toString());
                        }
                    }
                }));
            }
            // Each cut comes while writes succeed and lasts until the writers have noticed it.
            for (int cut = 0; cut < 3; cut++) {
                int written = ok.get();
                await("writes go through before cut " + cut).atMost(Duration.ofSeconds(10)).until(() -> ok.get() >= written + 20);
                proxy.down();
                int noticed = unavailable.get();
                await("cut " + cut + " noticed").atMost(Duration.ofSeconds(10)).until(() -> unavailable.get() > noticed);
                proxy.up();
            }
            int before = ok.get();
            await("writes resume after the last cut").atMost(Duration.ofSeconds(10)).until(() -> ok.get() >= before + 20);
            running.set(false);
            for (Future<?> f : writers) f.get(30, TimeUnit.SECONDS);
        }
        assertThat(unexpected).isEmpty();
        assertThat(unavailable.get()).as("the cuts were noticed").isPositive();
        try (Connection c = TestDatabase.get().connect(schema)) {
            assertThat(StoreInvariants.violations(c)).isEmpty();
        }
    }

    /**
     * A one-way partition: the create reaches PostgreSQL and commits, its answer never comes back, the connection stays
     * open. Without a bound the call would wait as long as TCP does; the call timeout aborts its connection, the caller
     * gets DependencyUnavailableException (503), and once the network is back the same create is answered with the task
     * already stored: one task, not two.
     */
    @Test
    void a_call_whose_answer_never_comes_fails_at_the_call_timeout_and_its_retry_finds_the_task_it_wrote() throws Exception {
        UserId owner = new UserId("partition-user");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (PostgresAdapter bounded = PostgresAdapter.connect(viaProxy.withCallTimeout(Duration.ofSeconds(1)))) {
            PostgresVideoTaskStore tasks = bounded.videoTasks();
            VideoTask before = ((CreateResult.Inserted) tasks.createOrGet(newTask(owner, "before", now), NextWork.at(now))).task();
            VideoTask lost = newTask(owner, "answer-lost", now);

            proxy.loseReplies(true);
            Future<CreateResult> call;
            try (ExecutorService caller = Executors.newVirtualThreadPerTaskExecutor()) {
                call = caller.submit(() -> tasks.createOrGet(lost, NextWork.at(now)));
                try {
                    call.get(20, TimeUnit.SECONDS);
                    fail("expected the call to fail");
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(DependencyUnavailableException.class);
                    assertThat(((DependencyUnavailableException) e.getCause()).dependency()).isEqualTo("postgresql");
                } catch (java.util.concurrent.TimeoutException e) {
                    call.cancel(true);
                    fail("the call was still waiting for its answer after 20 s; its limit is 1 s");
                }
            }
            proxy.loseReplies(false);

            // the statement ran: the task is there once, checked directly, not through the proxy
            try (Connection c = TestDatabase.get().connect(schema)) {
                assertThat(StoreInvariants.count(c, "SELECT count(*) FROM video_tasks WHERE owner = 'partition-user'")).isEqualTo(2);
            }
            // the caller's retry (same owner and client request id) is answered with the stored task, not a second one
            awaitRecovery(() -> tasks.lastEventId(owner), Duration.ofSeconds(8));
            CreateResult retry = tasks.createOrGet(newTask(owner, "answer-lost", now), NextWork.at(now));
            assertThat(retry).isInstanceOf(CreateResult.Existing.class);
            assertThat(((CreateResult.Existing) retry).task().id()).isEqualTo(lost.id());
            assertThat(tasks.findById(before.id())).isPresent();
            try (Connection c = TestDatabase.get().connect(schema)) {
                assertThat(StoreInvariants.count(c, "SELECT count(*) FROM video_tasks WHERE owner = 'partition-user'")).isEqualTo(2);
                assertThat(StoreInvariants.violations(c)).isEmpty();
            }
        }
    }

    /** Calls until one succeeds; every failure meanwhile must be a DependencyUnavailableException (any other fails the test). */
    private static void awaitRecovery(Executable call, Duration atMost) {
        await("the store recovers").atMost(atMost).pollInterval(Duration.ofMillis(50))
                .ignoreException(DependencyUnavailableException.class)
                .until(() -> {
                    try {
                        call.execute();
                    } catch (Throwable e) {
                        if (e instanceof RuntimeException r) throw r;
                        throw new IllegalStateException(e);
                    }
                    return true;
                });
    }

    private static void assertUnavailableFast(Executable call) {
        long start = System.nanoTime();
        try {
            call.execute();
            fail("expected DependencyUnavailableException");
        } catch (DependencyUnavailableException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("fails fast").isLessThan(Duration.ofSeconds(3));
            assertThat(e.dependency()).isEqualTo("postgresql");
            assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
        } catch (Throwable e) {
            fail("expected DependencyUnavailableException, got " + e, e);
        }
    }
}
