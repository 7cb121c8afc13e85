package io.sorarelay.application.service;

import io.sorarelay.application.contract.VideoTaskStoreContract;
import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.RelayMetricsPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.TaskEventPublisher;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Concurrent single writes are combined into batched store calls, with each caller's own outcome. */
class TaskWriterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final UserId OWNER = new UserId("usr_writer");

    /** Records every store call; the first call waits for the test, and a "poison" task fails any call that holds it. */
    static final class Store implements SaveVideoTaskPort {
        final List<List<VideoId>> calls = Collections.synchronizedList(new ArrayList<>());
        /** The first {@link TaskWriter#WRITE_LANES} calls wait, holding every lane, until the test releases them; a permit per call entered. */
        final Semaphore laneEntered = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicLong events = new AtomicLong();
        volatile VideoId poison;
        volatile boolean down;

        @Override public CreateResult createOrGet(VideoTask task, NextWork firstWork) { throw new UnsupportedOperationException(); }

        @Override public UpdateResult update(TaskUpdate u) {
            record(List.of(u));
            return written(u);
        }

        @Override public List<UpdateResult> updateAll(List<TaskUpdate> updates) {
            SaveVideoTaskPort.requireDistinctTasks(updates);
            record(updates);
            return updates.stream().map(this::written).toList();
        }

        private void record(List<TaskUpdate> updates) {
            calls.add(updates.stream().map(u -> u.change().next().id()).toList());
            if (calls.size() <= TaskWriter.WRITE_LANES) {
                laneEntered.release();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (down) throw new DependencyUnavailableException("postgresql", Duration.ofSeconds(1), null);
            if (updates.stream().anyMatch(u -> u.change().next().id().equals(poison))) throw new IllegalStateException("poison");
        }

        private UpdateResult written(TaskUpdate u) {
            VideoTask t = u.change().next();
            return new UpdateResult.Updated(t, new TaskEvent(events.incrementAndGet(), OWNER, t.view(), T0));
        }
    }

    private final Store store = new Store();
    private final List<TaskEvent> published = Collections.synchronizedList(new ArrayList<>());
    private final TaskWriter writer = new TaskWriter(new NoLoads(), store, (TaskEventPublisher) published::add, RelayMetricsPort.NONE);

    private static SaveVideoTaskPort.TaskUpdate submitted(VideoTask t, String job) {
        Transition tr = t.submitted(new ExternalTaskId(job), T0.plusSeconds(1));
        return SaveVideoTaskPort.TaskUpdate.of((Transition.Changed) tr, NextWork.keep());
    }

    private static VideoTask task() {
        return VideoTaskStoreContract.task(OWNER, null, T0);
    }

    @Test
    void writes_queued_while_every_lane_is_busy_are_combined_and_a_second_write_of_a_task_goes_in_the_next_call() throws Exception {
        List<VideoTask> holding = new ArrayList<>();
        for (int i = 0; i < TaskWriter.WRITE_LANES; i++) holding.add(task());
        List<VideoTask> queuedTasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) queuedTasks.add(task());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<Transition.Changed>>> all = new ArrayList<>();
            // One at a time, each in the store before the next is submitted: two submitted at once may share a batch (the
            // second queued before the first's lane drained the queue), and then fewer than every lane would be held.
            for (VideoTask t : holding) {
                all.add(pool.submit(() -> writer.write(submitted(t, "job_" + t.id().value()))));
                assertThat(store.laneEntered.tryAcquire(10, TimeUnit.SECONDS)).as("a lane busy in the store").isTrue();
            }
            for (VideoTask t : queuedTasks) all.add(pool.submit(() -> writer.write(submitted(t, "job_" + t.id().value()))));
            // a second write of one queued task: it must not share a store call with the first
            all.add(pool.submit(() -> writer.write(submitted(queuedTasks.getFirst(), "job_again"))));
            Thread.sleep(200);
            store.release.countDown();
            for (Future<Optional<Transition.Changed>> f : all) assertThat(f.get(10, TimeUnit.SECONDS)).isPresent();
        }
        assertThat(store.calls.subList(0, TaskWriter.WRITE_LANES)).as("the lanes' own writes, alone").allSatisfy(c -> assertThat(c).hasSize(1));
        assertThat(store.calls.stream().flatMap(List::stream).toList()).hasSize(TaskWriter.WRITE_LANES + 7);
        assertThat(store.calls).as("queued writes combined").anySatisfy(c -> assertThat(c.size()).isGreaterThan(1));
        assertThat(store.calls).allSatisfy(c -> assertThat(c).doesNotHaveDuplicates());
        assertThat(published).as("one event published per write").hasSize(TaskWriter.WRITE_LANES + 7);
    }

    @Test
    void a_batch_the_store_refuses_is_written_one_by_one_so_only_the_bad_write_fails() throws Exception {
        store.release.countDown();
        VideoTask bad = task();
        store.poison = bad.id();
        List<VideoTask> good = List.of(task(), task(), task());
        assertThatThrownBy(() -> writer.write(submitted(bad, "job_bad"))).hasMessage("poison");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<Transition.Changed>>> fine = new ArrayList<>();
            List<Future<?>> failing = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (VideoTask t : good) fine.add(pool.submit(() -> writer.write(submitted(t, "job_" + t.id().value()))));
                failing.add(pool.submit(() -> writer.write(submitted(bad, "job_bad"))));
            }
            for (Future<Optional<Transition.Changed>> f : fine) assertThat(f.get(10, TimeUnit.SECONDS)).isPresent();
            for (Future<?> f : failing)
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void an_unavailable_store_fails_the_writes_with_the_dependency_error() {
        store.release.countDown();
        store.down = true;
        assertThatThrownBy(() -> writer.write(submitted(task(), "job_1"))).isInstanceOf(DependencyUnavailableException.class);
    }

    /** The writer's reads are not used by {@code write}. */
    private static final class NoLoads implements LoadVideoTaskPort {
        public Optional<VideoTask> findById(VideoId id) { return Optional.empty(); }
        public Optional<VideoTask> findByClientRequestId(UserId owner, ClientRequestId c) { return Optional.empty(); }
        public List<VideoTask> findByClientRequestIds(UserId owner, Collection<ClientRequestId> c) { return List.of(); }
        public List<VideoTask> findByIds(UserId owner, Collection<VideoId> ids) { return List.of(); }
        public Optional<VideoTask> findByExternalId(String provider, ExternalTaskId e) { return Optional.empty(); }
    }
}
