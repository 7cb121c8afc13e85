package io.sorarelay.simulator.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The protocol-neutral job engine, without HTTP, on a clock the test steps. */
class JobEngineTest {
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final Stats stats = new Stats();
    private double failRate;
    private JobEngine engine;

    @AfterEach
    void close() { if (engine != null) engine.close(); }

    private JobStore<String> store(Duration median, double sigma) {
        engine = new JobEngine(new JobEngine.Timing(median, sigma, 42), clock, () -> failRate, stats);
        return engine.store("job_");
    }

    private Job<String> create(JobStore<String> store, String payload) {
        return store.create(Optional.empty(), () -> payload, p -> p.contains("[fail]")).job();
    }

    @Test
    void a_job_is_queued_for_a_tenth_of_its_duration_then_runs_with_rising_progress_then_completes() {
        JobStore<String> store = store(Duration.ofSeconds(10), 0);
        Job<String> job = create(store, "a cat");
        assertThat(job.id()).startsWith("job_");
        assertThat(job.state(now.get())).isEqualTo(JobState.QUEUED);
        assertThat(job.progress(now.get())).isZero();

        now.addAndGet(999);
        assertThat(job.state(now.get())).isEqualTo(JobState.QUEUED);
        now.addAndGet(1);
        assertThat(job.state(now.get())).isEqualTo(JobState.IN_PROGRESS);
        int early = job.progress(now.get());
        now.addAndGet(5_000);
        assertThat(job.progress(now.get())).isGreaterThan(early).isBetween(1, 99);

        now.addAndGet(3_999);
        assertThat(job.state(now.get())).isEqualTo(JobState.IN_PROGRESS);
        assertThat(job.progress(now.get())).isEqualTo(99);
        now.addAndGet(1);
        assertThat(job.state(now.get())).isEqualTo(JobState.COMPLETED);
        assertThat(job.state(now.get()).isTerminal()).isTrue();
        assertThat(job.progress(now.get())).isEqualTo(100);
        assertThat(stats.get(Stats.Counter.JOBS)).isEqualTo(1);
    }

    @Test
    void a_job_asked_to_fail_fails_at_its_end_and_the_fail_rate_fails_others_by_chance() {
        JobStore<String> store = store(Duration.ofSeconds(1), 0);
        Job<String> asked = create(store, "please [fail]");
        Job<String> fine = create(store, "fine");
        failRate = 1;
        Job<String> unlucky = create(store, "fine too");
        now.addAndGet(1_000);
        assertThat(asked.state(now.get())).isEqualTo(JobState.FAILED);
        assertThat(asked.progress(now.get())).as("where it stopped").isEqualTo(60);
        assertThat(fine.state(now.get())).isEqualTo(JobState.COMPLETED);
        assertThat(unlucky.state(now.get())).isEqualTo(JobState.FAILED);
    }

    @Test
    void log_normal_durations_spread_around_the_median_with_a_long_tail() {
        JobStore<String> store = store(Duration.ofSeconds(60), 0.5);
        List<Long> durations = new ArrayList<>();
        for (int i = 0; i < 300; i++) durations.add(create(store, "job " + i).durationMs());
        durations.sort(Long::compare);
        long median = durations.get(150);
        assertThat(median).isBetween(45_000L, 80_000L);
        assertThat(durations.getLast()).as("a long tail").isGreaterThan(2 * median);
        assertThat(durations.getFirst()).isLessThan(median / 2 + median / 4);
    }

    @Test
    void an_idempotency_key_answers_the_first_job_without_building_the_request_again() {
        JobStore<String> store = store(Duration.ofSeconds(5), 0);
        Job<String> first = store.create(Optional.of("key-1"), () -> "once", p -> false).job();
        JobStore.Created<String> again = store.create(Optional.of("key-1"), () -> { throw new AssertionError("built again"); }, p -> false);
        assertThat(again.replayed()).isTrue();
        assertThat(again.job()).isSameAs(first);
        assertThat(stats.get(Stats.Counter.IDEMPOTENT_REPLAYS)).isEqualTo(1);
        assertThat(stats.get(Stats.Counter.JOBS)).isEqualTo(1);
    }

    /**
     * A create that arrives late (its sender lost its lease or was paused) after another sender's create made the job
     * and someone deleted it: the key still answers that job, so one key never makes two jobs.
     */
    @Test
    void an_idempotency_key_still_answers_its_job_after_the_job_was_deleted() {
        JobStore<String> store = store(Duration.ofSeconds(5), 0);
        Job<String> first = store.create(Optional.of("key-1"), () -> "once", p -> false).job();
        assertThat(store.forget(first.id())).isTrue();
        assertThat(store.find(first.id())).isEmpty();

        JobStore.Created<String> late = store.create(Optional.of("key-1"), () -> "twice", p -> false);
        assertThat(late.replayed()).isTrue();
        assertThat(late.job().id()).isEqualTo(first.id());
        assertThat(stats.get(Stats.Counter.JOBS)).as("jobs made").isEqualTo(1);
        assertThat(store.find(first.id())).as("still deleted").isEmpty();
        assertThat(store.forget(first.id())).as("already forgotten").isFalse();
    }

    @Test
    void pages_visit_every_job_once_in_creation_order_and_a_forgotten_cursor_still_continues_after_its_place() {
        JobStore<String> store = store(Duration.ofSeconds(30), 0);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(create(store, "p" + i).id());
            if (i % 2 == 0) now.addAndGet(1);   // some share a millisecond: the id breaks the tie
        }
        List<String> newestFirst = new ArrayList<>();
        Optional<String> after = Optional.empty();
        JobStore.Page<String> page;
        do {
            page = store.page(after, 10, false);
            page.jobs().forEach(j -> newestFirst.add(j.id()));
            after = Optional.of(page.jobs().getLast().id());
        } while (page.hasMore());
        assertThat(newestFirst).hasSize(25).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        List<String> oldestFirst = store.page(Optional.empty(), 100, true).jobs().stream().map(Job::id).toList();
        assertThat(oldestFirst).containsExactlyElementsOf(newestFirst.reversed());
        assertThat(oldestFirst.subList(0, 1)).containsExactly(created.getFirst());

        String cursor = newestFirst.get(9);
        store.forget(cursor);
        assertThat(store.page(Optional.of(cursor), 10, false).jobs().getFirst().id()).isEqualTo(newestFirst.get(10));
        assertThat(store.page(Optional.of("job_unknown"), 100, false).jobs()).as("an unknown cursor lists from the start").hasSize(24);
    }

    @Test
    void finished_jobs_are_announced_once_unless_forgotten_first() {
        JobStore<String> store = store(Duration.ofMillis(100), 0);
        List<String> announced = new ArrayList<>();
        store.whenFinished(job -> { synchronized (announced) { announced.add(job.payload()); } });
        create(store, "kept");
        Job<String> deleted = create(store, "deleted");
        store.forget(deleted.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> { synchronized (announced) { return !announced.isEmpty(); } });
        // The forgotten job was due at the same moment; give its (absent) callback the same chance to run.
        Job<String> marker = create(store, "marker");
        await().atMost(Duration.ofSeconds(10)).until(() -> { synchronized (announced) { return announced.contains("marker"); } });
        synchronized (announced) { assertThat(announced).containsExactly("kept", "marker"); }
        assertThat(marker.id()).isNotEqualTo(deleted.id());
    }

    @Test
    void the_engine_lists_every_protocols_jobs_oldest_first() {
        JobStore<String> a = store(Duration.ofSeconds(5), 0);
        JobStore<Integer> b = engine.store("other_");
        Job<String> first = create(a, "first");
        now.addAndGet(5);
        Job<Integer> second = b.create(Optional.empty(), () -> 2, p -> false).job();
        assertThat(engine.allJobs()).extracting(Job::id).containsExactly(first.id(), second.id());
    }
}
