package io.sorarelay.adapter.postgres;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GroupCommitTest {

    @Test
    void a_lone_caller_runs_its_batch_of_one_on_its_own_thread() {
        List<String> threads = new ArrayList<>();
        GroupCommit<Integer, Integer> gc = new GroupCommit<>(2, 10, items -> {
            threads.add(Thread.currentThread().getName());
            return items.stream().map(i -> i * 2).toList();
        });
        assertThat(gc.submit(21)).isEqualTo(42);
        assertThat(gc.submit(5)).isEqualTo(10);
        assertThat(threads).containsExactly(Thread.currentThread().getName(), Thread.currentThread().getName());
    }

    @Test
    void callers_that_queue_while_a_batch_runs_are_served_together_by_the_next_one_each_with_its_own_result() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, String> gc = new GroupCommit<>(1, 100, items -> {
            batches.add(List.copyOf(items));
            if (items.contains(0)) {
                firstRunning.countDown();
                awaitLatch(release);
            }
            return items.stream().map(i -> "r" + i).toList();
        });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = pool.submit(() -> gc.submit(0));
            assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> others = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                int item = i;
                others.add(pool.submit(() -> gc.submit(item)));
            }
            // The ten queue behind the one lane, which the first batch holds.
            await().atMost(Duration.ofSeconds(10)).until(() -> gc.queued() == 10);
            assertThat(batches).hasSize(1);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("r0");
            for (int i = 0; i < others.size(); i++) assertThat(others.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("r" + (i + 1));
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactly(0);
        assertThat(batches.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void the_observer_sees_each_batch_with_its_size_its_run_time_and_how_long_its_oldest_item_waited() throws Exception {
        // Time comes from the test's clock: each batch moves it on by a run time of its own.
        AtomicLong clock = new AtomicLong();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<long[]> seen = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Integer> gc = new GroupCommit<>(1, 100, items -> {
            if (items.contains(0)) {
                firstRunning.countDown();
                awaitLatch(release);
                clock.addAndGet(6_000);
            } else {
                clock.addAndGet(700);
            }
            return items;
        }, (items, ranNanos, waitedNanos) -> seen.add(new long[] {items, ranNanos, waitedNanos}), clock::get);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = pool.submit(() -> gc.submit(0));
            assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            clock.set(1_000);
            List<Future<Integer>> others = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int item = i;
                others.add(pool.submit(() -> gc.submit(item)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> gc.queued() == 3);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
            for (Future<Integer> f : others) f.get(10, TimeUnit.SECONDS);
        }
        assertThat(seen).hasSize(2);
        // The first batch, of one, started at 0 and ended at 1,000 + 6,000, having waited for nothing; the other three
        // were submitted at 1,000 and started when it ended.
        assertThat(seen.get(0)).containsExactly(1, 7_000, 0);
        assertThat(seen.get(1)).containsExactly(3, 700, 6_000);
    }

    @Test
    void an_observer_that_throws_changes_no_result() {
        GroupCommit<Integer, Integer> gc = new GroupCommit<>(1, 10, items -> items.stream().map(i -> i + 1).toList(),
                (items, ranNanos, waitedNanos) -> { throw new IllegalStateException("metrics down"); });
        assertThat(gc.submit(1)).isEqualTo(2);
        assertThatThrownBy(() -> new GroupCommit<Integer, Integer>(1, 10, items -> items, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void a_batch_that_throws_fails_every_caller_in_it_and_the_next_batch_runs() {
        GroupCommit<Integer, Integer> gc = new GroupCommit<>(1, 10, items -> {
            if (items.contains(13)) throw new IllegalStateException("unlucky");
            return items;
        });
        assertThatThrownBy(() -> gc.submit(13)).isInstanceOf(IllegalStateException.class).hasMessage("unlucky");
        assertThat(gc.submit(7)).isEqualTo(7);
    }

    @Test
    void an_error_thrown_by_a_batch_reaches_every_caller_in_it_and_leaves_none_waiting() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Integer, Integer> gc = new GroupCommit<>(1, 100, items -> {
            if (items.contains(0)) {
                firstRunning.countDown();
                awaitLatch(release);
                return items;
            }
            throw new AssertionError("broken batch");
        });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = pool.submit(() -> gc.submit(0));
            assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> others = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                int item = i;
                others.add(pool.submit(() -> gc.submit(item)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> gc.queued() == 5);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
            for (Future<Integer> f : others)
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(AssertionError.class);
        }
    }

    @Test
    void a_batch_answering_the_wrong_number_of_results_fails_its_callers() {
        GroupCommit<Integer, Integer> gc = new GroupCommit<>(1, 10, items -> List.of());
        assertThatThrownBy(() -> gc.submit(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("0 results for 1 items");
    }

    @Test
    void under_contention_every_item_runs_once_in_batches_no_larger_than_the_cap_and_no_more_lanes_than_allowed() throws Exception {
        int lanes = 2;
        int cap = 16;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger largest = new AtomicInteger();
        AtomicInteger batchCount = new AtomicInteger();
        Set<Integer> seen = Collections.synchronizedSet(new HashSet<>());
        List<Integer> duplicates = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Integer> gc = new GroupCommit<>(lanes, cap, items -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            largest.accumulateAndGet(items.size(), Math::max);
            batchCount.incrementAndGet();
            for (int i : items) if (!seen.add(i)) duplicates.add(i);
            Thread.yield();
            running.decrementAndGet();
            return items.stream().map(i -> -i).toList();
        });
        int threads = 32;
        int each = 300;
        List<Future<List<Integer>>> wrong = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                wrong.add(pool.submit(() -> {
                    List<Integer> bad = new ArrayList<>();
                    for (int i = base; i < base + each; i++) if (gc.submit(i) != -i) bad.add(i);
                    return bad;
                }));
            }
            for (Future<List<Integer>> f : wrong) assertThat(f.get(60, TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(threads * each);
        assertThat(largest.get()).isLessThanOrEqualTo(cap);
        assertThat(mostRunning.get()).isLessThanOrEqualTo(lanes);
        assertThat(batchCount.get()).as("callers that queued together shared batches").isLessThan(threads * each);
    }

    /**
     * Waiting callers sleep with no timeout, so a lost wake-up would leave one asleep for good and fail the {@code get}
     * below. In each round, callers start together and queue behind a slow batch: when its lane is let go, only the
     * wake-up of the queue's head keeps them going. Batches of one or two and one or three lanes hand the lanes over as
     * often as possible, between platform threads (which really sleep) and virtual ones.
     */
    @Test
    void no_caller_is_left_asleep_when_lanes_change_hands_after_every_tiny_batch() throws Exception {
        for (int[] shape : new int[][] {{1, 1}, {1, 2}, {3, 1}, {3, 2}}) {
            int lanes = shape[0];
            int cap = shape[1];
            GroupCommit<Integer, Integer> gc = new GroupCommit<>(lanes, cap, items -> {
                // a batch long enough for the other callers to queue behind it
                for (int i = 0; i < 50; i++) Thread.yield();
                return items.stream().map(i -> -i).toList();
            });
            for (int round = 0; round < 30; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Integer>> answered = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int base = t * 3;
                    CompletableFuture<Integer> done = new CompletableFuture<>();
                    answered.add(done);
                    Runnable caller = () -> {
                        awaitLatch(start);
                        int right = 0;
                        for (int i = base; i < base + 3; i++) if (gc.submit(i) == -i) right++;
                        done.complete(right);
                    };
                    if (t % 2 == 0) Thread.ofPlatform().daemon().start(caller);
                    else Thread.ofVirtual().start(caller);
                }
                start.countDown();
                for (CompletableFuture<Integer> f : answered)
                    assertThat(f.get(60, TimeUnit.SECONDS)).as("every result right, lanes %d, batches of at most %d", lanes, cap).isEqualTo(3);
                assertThat(gc.queued()).isZero();
            }
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
