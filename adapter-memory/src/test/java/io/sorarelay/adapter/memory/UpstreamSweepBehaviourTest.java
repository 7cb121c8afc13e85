package io.sorarelay.adapter.memory;

import io.sorarelay.application.testkit.PlainPasswordHasher;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase.CancelVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.SweepUpstreamUseCase;
import io.sorarelay.application.port.out.Concurrency;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.application.testkit.ManualTime;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream sweep over the in-memory adapters, with a controllable clock (the sweep's pauses move it) and an
 * upstream that lists its jobs newest first (100 a page) and counts every call. The sweep's calls run on the JDK's
 * threads, as in a server.
 */
class UpstreamSweepBehaviourTest {
    private static final Duration SWEEP = Duration.ofSeconds(2);

    /** An upstream whose job states the test sets; it lists them newest first and counts retrieves and lists. */
    static final class ListingProvider implements VideoProvider {
        private final ManualTime clock;
        final Map<ExternalTaskId, UpstreamObservation> jobs = new LinkedHashMap<>();   // insertion = creation order
        final Map<ExternalTaskId, Instant> createdAt = new LinkedHashMap<>();
        final Set<ExternalTaskId> unlisted = new HashSet<>();
        int retrieves, lists, cancels, next;
        /** The next this many listing calls are refused as rate limited (as the upstream budget does when it is spent). */
        int refuseLists;
        Consumer<ExternalTaskId> beforeListing = id -> { };

        ListingProvider(ManualTime clock) { this.clock = clock; }

        @Override public synchronized Result<Observed> submit(SubmitJob job) {
            ExternalTaskId id = new ExternalTaskId("ext_" + (++next));
            jobs.put(id, UpstreamObservation.queued());
            createdAt.put(id, clock.instant());
            return new Result.Ok<>(new Observed(id, UpstreamObservation.queued(), Optional.empty()));
        }

        @Override public synchronized Result<Observed> retrieve(ExternalTaskId id) {
            retrieves++;
            return new Result.Ok<>(new Observed(id, jobs.get(id), Optional.empty()));
        }

        @Override public synchronized Result<Boolean> cancel(ExternalTaskId id) {
            cancels++;
            return new Result.Ok<>(true);
        }

        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
            return new Result.Failed<>(new Failure.NotFound("no content in this test"));
        }

        @Override public boolean listsJobs() { return true; }

        @Override public Result<JobPage> listJobs(Optional<String> after, int limit) {
            List<ListedJob> all;
            synchronized (this) {
                lists++;
                if (refuseLists > 0) {
                    refuseLists--;
                    return new Result.Failed<>(new Failure.RateLimited(Duration.ofSeconds(1)));
                }
                List<ExternalTaskId> newestFirst = new ArrayList<>(jobs.keySet());
                java.util.Collections.reverse(newestFirst);
                newestFirst.removeAll(unlisted);
                int from = after.map(a -> newestFirst.indexOf(new ExternalTaskId(a)) + 1).orElse(0);
                all = newestFirst.subList(from, Math.min(newestFirst.size(), from + limit)).stream()
                        .map(id -> new ListedJob(id, jobs.get(id), createdAt.get(id))).toList();
                boolean more = from + limit < newestFirst.size();
                all.forEach(j -> beforeListing.accept(j.id()));
                return new Result.Ok<>(new JobPage(all, all.isEmpty() ? Optional.empty() : Optional.of(all.getLast().id().value()), more));
            }
        }

        synchronized void setAll(UpstreamObservation o) { jobs.replaceAll((id, old) -> o); }
    }

    private final ManualTime clock = new ManualTime();
    private final ListingProvider upstream = new ListingProvider(clock);
    private InMemoryAdapters memory;
    private RelayServices relay;
    private final UserId owner = new UserId("usr_sweep");

    /** Runs right after the sweep loaded a page's in-flight tasks, before it writes: a window for races. */
    private Runnable afterLoad = () -> { };

    private RelayServices services(SweepSettings sweep) { return services(sweep, 0); }

    /** {@code reportedInFlight}: the in-flight count the sweep is told, if more than there are. */
    private RelayServices services(SweepSettings sweep, long reportedInFlight) {
        memory = InMemoryAdapters.create(clock);
        InFlightTasksPort store = memory.videoTasks();
        InFlightTasksPort racing = new InFlightTasksPort() {
            public InFlight inFlight(String provider) {
                InFlight real = store.inFlight(provider);
                return real.count() > 0 && reportedInFlight > real.count() ? new InFlight(reportedInFlight, real.oldestSubmittedAt()) : real;
            }
            public List<VideoTask> findInFlight(String provider, java.util.Collection<ExternalTaskId> ids) {
                List<VideoTask> loaded = store.findInFlight(provider, ids);
                afterLoad.run();
                return loaded;
            }
            public List<VideoTask> inFlightSubmittedBefore(String provider, Instant submittedBefore, int limit) {
                return store.inFlightSubmittedBefore(provider, submittedBefore, limit);
            }
            public int deferPolls(String provider, java.util.Collection<ExternalTaskId> ids, Instant until, Instant ifBefore) {
                return store.deferPolls(provider, ids, until, ifBefore);
            }
        };
        RelaySettings settings = RelaySettings.defaults().withLimits(0, 0)
                .withPollPolicy(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10))).withSweep(sweep);
        return new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                new PlainPasswordHasher(), (headers, body) -> Optional.empty(), memory.webhookDeliveries(), VideoProviderRegistry.single(upstream),
                new RandomVideoIdGenerator(clock), clock, racing, threadsAndManualTime()), settings);
    }

    /** The JDK's threads for the calls; pauses and delayed actions on the test's clock. */
    private Concurrency threadsAndManualTime() {
        Concurrency jdk = InProcessConcurrency.create();
        return new Concurrency(jdk.engineCalls(), jdk.sweepCalls(), clock);
    }

    @BeforeEach
    void setUp() {
        relay = services(SweepSettings.defaults().withInterval(SWEEP).withMinInFlight(10));
    }

    /** Creates n tasks and lets the engine submit them all. */
    private List<VideoId> inFlight(int n) {
        List<VideoId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++)
            ids.add(relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt("task " + i), Optional.empty())).orElseThrow().task().id());
        relay.engine().pollDue("worker", n + 10);
        assertThat(upstream.jobs).hasSize(n);
        return ids;
    }

    /** Runs the engine as time passes: a poll pass and a sweep every sweep interval, like the engine's loops. */
    private SweepUpstreamUseCase.Report run(Duration total) {
        SweepUpstreamUseCase.Report last = null;
        for (Duration t = Duration.ZERO; t.compareTo(total) < 0; t = t.plus(SWEEP)) {
            clock.advance(SWEEP);
            last = relay.sweep().sweep(ModelCatalogue.DEFAULT_PROVIDER);
            relay.engine().pollDue("worker", 1000);
        }
        return last;
    }

    private VideoTask task(VideoId id) { return memory.videoTasks().findById(id).orElseThrow(); }

    private List<TaskEvent> events() {
        return ((TaskEventLogPort.Replay.Events) memory.videoTasks().eventsAfter(owner, 0, 100_000)).events();
    }

    private ExternalTaskId ext(VideoId id) { return task(id).externalTaskId().orElseThrow(); }

    @Test
    void many_tasks_are_checked_with_a_list_call_per_hundred_instead_of_a_retrieve_each() {
        inFlight(250);
        upstream.setAll(UpstreamObservation.inProgress(10));
        int listsBefore = upstream.lists;
        SweepUpstreamUseCase.Report report = run(Duration.ofSeconds(30));

        assertThat(report.swept()).isTrue();
        assertThat(report.listCalls()).as("ceil(250 / 100) pages per sweep").isEqualTo(3);
        assertThat(upstream.lists - listsBefore).as("15 sweeps of 3 pages").isEqualTo(45);
        assertThat(upstream.retrieves).as("individual polls deferred while the sweep sees the tasks").isZero();
    }

    @Test
    void jobs_listed_as_last_stored_are_not_read_again_until_their_deferral_needs_renewing() {
        List<VideoId> ids = inFlight(250);
        upstream.setAll(UpstreamObservation.inProgress(10));
        run(SWEEP);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        afterLoad = reads::incrementAndGet;

        run(SWEEP.multipliedBy(5));
        assertThat(reads).as("every job listed as stored: no page of tasks read").hasValue(0);

        upstream.jobs.put(ext(ids.get(3)), UpstreamObservation.completed());
        run(SWEEP);
        assertThat(reads).as("only the page showing a change is read").hasValue(1);
        assertThat(task(ids.get(3)).status()).isEqualTo(TaskStatus.COMPLETED);

        run(Duration.ofMinutes(3));
        assertThat(reads.get()).as("the pages are read again when their deferrals need renewing").isGreaterThan(1);
        assertThat(upstream.retrieves).as("deferrals renewed in time: no task polled on its own").isZero();
        assertThat(ids).allSatisfy(id -> assertThat(task(id).isTerminal()).isEqualTo(id.equals(ids.get(3))));
    }

    @Test
    void a_completed_job_is_seen_within_one_sweep_with_exactly_one_event() {
        List<VideoId> ids = inFlight(30);
        run(SWEEP);
        int eventsBefore = events().size();
        upstream.jobs.put(ext(ids.get(7)), UpstreamObservation.completed());

        run(SWEEP);

        assertThat(task(ids.get(7)).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(events()).hasSize(eventsBefore + 1);
        assertThat(events().getLast().task().status()).isEqualTo(TaskStatus.COMPLETED);
        run(Duration.ofSeconds(10));
        assertThat(events()).as("a finished task is not written again").hasSize(eventsBefore + 1);
    }

    @Test
    void a_task_the_listing_does_not_show_is_still_polled_individually() {
        List<VideoId> ids = inFlight(30);
        ExternalTaskId hidden = ext(ids.getFirst());
        upstream.unlisted.add(hidden);
        upstream.jobs.put(hidden, UpstreamObservation.completed());

        // While the sweep runs, a task's own poll is the fallback: due one deferral (30 sweeps) after its submit.
        run(SWEEP.multipliedBy(35));

        assertThat(task(ids.getFirst()).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(upstream.retrieves).as("only the hidden task was retrieved, once per its own fallback schedule").isBetween(1, 3);
    }

    @Test
    void a_task_past_the_page_bound_falls_back_to_per_task_polls_when_its_deferral_runs_out() {
        relay = services(SweepSettings.defaults().withInterval(SWEEP).withMinInFlight(10).withMaxPages(1));
        List<VideoId> ids = inFlight(150);   // the oldest 50 are on page 2, which this sweep never reads
        upstream.setAll(UpstreamObservation.inProgress(20));
        run(SWEEP.multipliedBy(35));   // past one deferral (30 sweeps) after their submit
        assertThat(upstream.retrieves).as("the 50 unseen tasks are polled individually").isGreaterThanOrEqualTo(50);
        assertThat(task(ids.getFirst()).status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(task(ids.getLast()).status()).isEqualTo(TaskStatus.PROCESSING);
    }

    @Test
    void a_cancel_racing_a_sweep_stays_cancelled() {
        List<VideoId> ids = inFlight(30);
        VideoId victim = ids.get(3);
        ExternalTaskId job = ext(victim);
        upstream.jobs.put(job, UpstreamObservation.completed());
        // The owner cancels while the sweep holds the listing that says "completed".
        upstream.beforeListing = id -> {
            if (id.equals(job) && !task(victim).isTerminal())
                assertThat(relay.cancel().cancel(new CancelVideoTaskCommand(owner, victim))).isInstanceOf(Outcome.Ok.class);
        };

        run(SWEEP);

        assertThat(task(victim).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(events().stream().filter(e -> e.task().videoId().equals(victim.value())).map(e -> e.task().status()))
                .containsExactly(TaskStatus.QUEUED, TaskStatus.QUEUED, TaskStatus.CANCELLED);
    }

    @Test
    void a_cancel_between_the_sweeps_read_and_its_write_stays_cancelled_and_the_upstream_job_is_still_cancelled() {
        List<VideoId> ids = inFlight(30);
        VideoId victim = ids.get(5);
        upstream.jobs.put(ext(victim), UpstreamObservation.completed());
        afterLoad = () -> {
            if (!task(victim).isTerminal())
                assertThat(relay.cancel().cancel(new CancelVideoTaskCommand(owner, victim))).isInstanceOf(Outcome.Ok.class);
        };

        SweepUpstreamUseCase.Report report = relay.sweep().sweep(ModelCatalogue.DEFAULT_PROVIDER);

        assertThat(report.matched()).as("the sweep had loaded the victim while it still ran").isEqualTo(30);
        assertThat(task(victim).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(events().stream().filter(e -> e.task().videoId().equals(victim.value())).map(e -> e.task().status()))
                .containsExactly(TaskStatus.QUEUED, TaskStatus.QUEUED, TaskStatus.CANCELLED);
        int cancelsBefore = upstream.cancels;
        relay.engine().pollDue("worker", 100);
        assertThat(upstream.cancels).as("the cancelled task's upstream job is cancelled, not deferred").isEqualTo(cancelsBefore + 1);
    }

    @Test
    void with_ten_thousand_in_flight_progress_alone_is_written_at_most_once_per_throttle_interval() {
        // The store reports 10,000 in flight (only 20 exist): the throttle follows the count it is told.
        relay = services(SweepSettings.defaults().withInterval(SWEEP).withMinInFlight(10), 10_000);
        List<VideoId> ids = inFlight(20);
        long progressWrites = progressWritesOver(ids.getFirst(), 11);   // 10 sweeps over 20 s, progress rising on each
        assertThat(progressWrites).as("20 s at one write per 10 s").isEqualTo(2);
        assertThat(task(ids.getFirst()).progress()).isGreaterThan(1);
    }

    @Test
    void with_a_few_in_flight_every_rise_of_progress_is_written() {
        List<VideoId> ids = inFlight(20);
        long progressWrites = progressWritesOver(ids.getFirst(), 6);
        assertThat(progressWrites).as("20 in flight: a write per sweep keeps progress bars live").isEqualTo(5);
        assertThat(task(ids.getFirst()).progress()).isEqualTo(6);
    }

    /**
     * Every job at 1 % for one sweep (QUEUED -> PROCESSING, a status change, written at once), then one sweep per
     * percent up to {@code upTo}; answers how many of those later sweeps wrote {@code task}.
     */
    private long progressWritesOver(VideoId task, int upTo) {
        upstream.setAll(UpstreamObservation.inProgress(1));
        run(SWEEP);
        long before = events().stream().filter(e -> e.task().videoId().equals(task.value())).count();
        for (int p = 2; p <= upTo; p++) {
            upstream.setAll(UpstreamObservation.inProgress(p));
            run(SWEEP);
        }
        return events().stream().filter(e -> e.task().videoId().equals(task.value())).count() - before;
    }

    @Test
    void a_running_sweep_goes_on_below_the_threshold_until_nothing_is_in_flight() {
        List<VideoId> ids = inFlight(12);
        run(SWEEP);
        for (VideoId id : ids.subList(0, 10)) upstream.jobs.put(ext(id), UpstreamObservation.completed());
        run(SWEEP);
        int listsWithTwoLeft = upstream.lists;
        for (VideoId id : ids.subList(10, 12)) upstream.jobs.put(ext(id), UpstreamObservation.completed());

        SweepUpstreamUseCase.Report report = run(SWEEP);

        assertThat(report.swept()).as("2 in flight, below the threshold of 10, but the sweep was running").isTrue();
        assertThat(upstream.lists).isEqualTo(listsWithTwoLeft + 1);
        assertThat(ids).allSatisfy(id -> assertThat(task(id).status()).isEqualTo(TaskStatus.COMPLETED));
        assertThat(upstream.retrieves).isZero();
        assertThat(run(SWEEP).swept()).as("nothing in flight: the sweep stops").isFalse();
    }

    @Test
    void below_the_threshold_the_sweep_does_not_run_and_tasks_are_polled_individually() {
        inFlight(5);
        SweepUpstreamUseCase.Report report = run(Duration.ofSeconds(10));
        assertThat(report.swept()).isFalse();
        assertThat(upstream.lists).isZero();
        assertThat(upstream.retrieves).isPositive();
    }

    @Test
    void a_listing_refused_for_lack_of_budget_is_tried_again_within_the_sweep() {
        List<VideoId> ids = inFlight(12);
        run(SWEEP);
        upstream.setAll(UpstreamObservation.completed());
        int before = upstream.lists;
        upstream.refuseLists = 3;

        SweepUpstreamUseCase.Report report = relay.sweep().sweep(ModelCatalogue.DEFAULT_PROVIDER);

        assertThat(report.failedCalls()).isZero();
        assertThat(upstream.lists).as("three refusals, then the page").isEqualTo(before + 4);
        assertThat(clock.pauses()).as("a pause after each refusal").hasSize(3);
        assertThat(ids).allSatisfy(id -> assertThat(task(id).status()).isEqualTo(TaskStatus.COMPLETED));
        assertThat(upstream.retrieves).isZero();
    }

    @Test
    void a_listing_refused_for_longer_than_an_interval_ends_the_sweep_and_leaves_the_tasks_to_their_polls() {
        List<VideoId> ids = inFlight(12);
        upstream.setAll(UpstreamObservation.completed());
        upstream.refuseLists = 1_000;

        SweepUpstreamUseCase.Report report = relay.sweep().sweep(ModelCatalogue.DEFAULT_PROVIDER);

        assertThat(report.failedCalls()).isEqualTo(1);
        List<Duration> pauses = clock.pauses();
        Duration waited = pauses.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(waited).as("tried again for one interval, not a pause longer")
                .isLessThanOrEqualTo(SWEEP).isGreaterThan(SWEEP.minus(pauses.getLast()));
        assertThat(upstream.lists).as("a try, then one after each pause").isEqualTo(pauses.size() + 1);
        assertThat(ids).allSatisfy(id -> assertThat(task(id).status()).isEqualTo(TaskStatus.QUEUED));
        upstream.refuseLists = 0;
        // The poller's own fallback for a swept provider (the sweep's deferral, a minute), then the polls take them.
        clock.advance(SweepSettings.defaults().deferFor().plusSeconds(1));
        relay.engine().pollDue("worker", 1000);
        assertThat(upstream.retrieves).isEqualTo(12);
        assertThat(ids).as("the task's own polls took them").allSatisfy(id -> assertThat(task(id).status()).isEqualTo(TaskStatus.COMPLETED));
    }

    @Test
    void a_few_old_jobs_behind_many_finished_ones_are_retrieved_one_by_one_instead_of_paging_down_to_them() {
        List<VideoId> old = inFlight(2);
        clock.advance(Duration.ofSeconds(30));
        List<VideoId> burst = new ArrayList<>();
        for (int i = 0; i < 300; i++)
            burst.add(relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt("burst " + i), Optional.empty())).orElseThrow().task().id());
        relay.engine().pollDue("worker", 1000);
        for (VideoId id : burst) upstream.jobs.put(ext(id), UpstreamObservation.completed());
        run(SWEEP);
        assertThat(burst).allSatisfy(id -> assertThat(task(id).status()).isEqualTo(TaskStatus.COMPLETED));
        for (VideoId id : old) upstream.jobs.put(ext(id), UpstreamObservation.inProgress(40));
        int lists = upstream.lists;
        int retrieves = upstream.retrieves;

        clock.advance(SWEEP);
        SweepUpstreamUseCase.Report report = relay.sweep().sweep(ModelCatalogue.DEFAULT_PROVIDER);

        assertThat(upstream.lists - lists).as("the first page and the prefetched one, not the 4 down to the old jobs").isEqualTo(2);
        assertThat(report.retrieved()).isEqualTo(2);
        assertThat(upstream.retrieves - retrieves).isEqualTo(2);
        assertThat(old).allSatisfy(id -> assertThat(task(id).status()).isEqualTo(TaskStatus.PROCESSING));

        clock.advance(SWEEP);
        assertThat(relay.sweep().sweep(ModelCatalogue.DEFAULT_PROVIDER).retrieved()).as("checked 2 s ago: not yet again").isZero();
        for (VideoId id : old) upstream.jobs.put(ext(id), UpstreamObservation.completed());
        clock.advance(SWEEP);
        assertThat(relay.sweep().sweep(ModelCatalogue.DEFAULT_PROVIDER).retrieved()).as("4 s since the last check").isEqualTo(2);
        assertThat(old).allSatisfy(id -> assertThat(task(id).status()).isEqualTo(TaskStatus.COMPLETED));
        assertThat(upstream.retrieves - retrieves).as("only the sweep's own checks").isEqualTo(4);
        List<TaskEvent> oldEvents = events().stream().filter(e -> old.stream().anyMatch(id -> id.value().equals(e.task().videoId()))).toList();
        assertThat(oldEvents).extracting(e -> e.task().status()).as("created, submitted, processing, completed; per task")
                .filteredOn(st -> st == TaskStatus.COMPLETED).hasSize(2);
    }
}
