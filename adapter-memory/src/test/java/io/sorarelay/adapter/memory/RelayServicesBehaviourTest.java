package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.in.CancelVideoTaskUseCase.CancelVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.CreatedTask;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase.RemixVideoTaskCommand;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskError;
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
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The application's use cases over the in-memory adapters with a scripted upstream and a controllable clock. */
class RelayServicesBehaviourTest {

    static final class Clock implements InstantSource {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    /** An upstream whose answers the test scripts; it records every call. */
    static final class ScriptedProvider implements VideoProvider {
        final Deque<Result<Observed>> submitAnswers = new ArrayDeque<>();
        final Map<ExternalTaskId, UpstreamObservation> jobs = new HashMap<>();
        final List<VideoId> submittedKeys = new ArrayList<>();
        final List<ExternalTaskId> cancelled = new ArrayList<>();
        int next;
        /** Whether a lost create can be resent safely (as with an idempotency key); false as on Runway. */
        volatile boolean resolvesLostCreates = true;

        @Override public boolean resolvesLostCreates() { return resolvesLostCreates; }

        @Override public synchronized Result<Observed> submit(SubmitJob job) {
            submittedKeys.add(job.idempotencyKey());
            Result<Observed> scripted = submitAnswers.poll();
            if (scripted != null) return scripted;
            ExternalTaskId id = new ExternalTaskId("ext_" + (++next));
            jobs.put(id, UpstreamObservation.queued());
            return new Result.Ok<>(new Observed(id, UpstreamObservation.queued(), Optional.empty()));
        }

        @Override public synchronized Result<Observed> retrieve(ExternalTaskId id) {
            UpstreamObservation o = jobs.get(id);
            return o == null ? new Result.Failed<>(new Failure.NotFound("gone")) : new Result.Ok<>(new Observed(id, o, Optional.empty()));
        }

        @Override public synchronized Result<Boolean> cancel(ExternalTaskId id) {
            cancelled.add(id);
            return new Result.Ok<>(true);
        }

        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
            return new Result.Failed<>(new Failure.NotFound("no content in this test"));
        }
    }

    private final Clock clock = new Clock();
    private final ScriptedProvider upstream = new ScriptedProvider();
    private InMemoryAdapters memory;
    private RelayServices relay;
    private UserId owner;

    private RelayServices services(RelaySettings settings) {
        memory = InMemoryAdapters.create(clock);
        return new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                new io.sorarelay.application.port.out.PasswordHasher() {
                    public String hash(Password p) { return "plain:" + p.reveal(); }
                    public boolean matches(Password p, String h) { return h.equals("plain:" + p.reveal()); }
                }, (headers, body) -> Optional.empty(), memory.webhookDeliveries(), VideoProviderRegistry.single(upstream),
                new RandomVideoIdGenerator(clock), clock), settings);
    }

    @BeforeEach
    void setUp() {
        relay = services(RelaySettings.defaults().withLimits(0, 0)
                .withPollPolicy(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10))));
        owner = new UserId("usr_behaviour");
    }

    private CreatedTask create(String key) {
        return relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt("a cat"), Optional.ofNullable(key).map(ClientRequestId::new)))
                .orElseThrow();
    }

    private VideoTask task(VideoId id) { return relay.get().get(owner, id).orElseThrow(); }

    /** Runs the engine as time passes, like the poll loop does. */
    private void run(int passes) {
        for (int i = 0; i < passes; i++) {
            relay.engine().pollDue("worker", 100);
            clock.advance(Duration.ofSeconds(5));
        }
    }

    private List<TaskEvent> events() {
        return ((TaskEventLogPort.Replay.Events) memory.videoTasks().eventsAfter(owner, 0, 1000)).events();
    }

    /**
     * Creates from many threads at once go through combined batches: one task per key, replays answered as replays,
     * and the owner's live stream receives every create's event exactly once, in id order.
     */
    @Test
    void concurrent_creates_make_one_task_per_key_and_reach_the_live_stream_once_each_in_order() throws Exception {
        List<Long> streamed = java.util.Collections.synchronizedList(new ArrayList<>());
        var stream = relay.streams().open(owner, java.util.OptionalLong.empty(), item -> {
            if (item instanceof io.sorarelay.application.port.in.StreamTaskEventsUseCase.Item.Event e) streamed.add(e.event().id());
            return true;
        });
        List<java.util.concurrent.Future<CreatedTask>> results = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 300; i++) {
                String key = "k" + (i % 100);
                results.add(pool.submit(() -> create(key)));
            }
        }
        Map<String, java.util.Set<VideoId>> idsPerKey = new HashMap<>();
        int replays = 0;
        for (var f : results) {
            CreatedTask c = f.get();
            if (c.replayed()) replays++;
            idsPerKey.computeIfAbsent(c.task().clientRequestId().orElseThrow().value(), k -> new java.util.HashSet<>()).add(c.task().id());
        }
        assertThat(idsPerKey).hasSize(100).allSatisfy((k, ids) -> assertThat(ids).as(k).hasSize(1));
        assertThat(replays).isEqualTo(200);
        assertThat(events()).hasSize(100);
        await("every event streamed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> streamed.size() >= 100);
        stream.close();
        assertThat(streamed).as("each create's event once, in order").containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
    }

    @Test
    void create_stores_the_task_before_any_upstream_call_and_the_engine_submits_it_with_its_id_as_key() {
        CreatedTask t = create("k1");
        assertThat(t.task().status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(upstream.submittedKeys).as("nothing sent upstream by create").isEmpty();
        run(1);
        assertThat(upstream.submittedKeys).containsExactly(t.task().id());
        assertThat(task(t.task().id()).externalTaskId()).hasValue(new ExternalTaskId("ext_1"));
    }

    @Test
    void a_transient_submit_failure_is_retried_with_the_same_key_and_makes_one_job() {
        upstream.submitAnswers.add(new VideoProvider.Result.Failed<>(new VideoProvider.Failure.Transient("503", Optional.empty())));
        upstream.submitAnswers.add(new VideoProvider.Result.Failed<>(new VideoProvider.Failure.RateLimited(Duration.ofSeconds(2))));
        CreatedTask t = create("k1");
        run(6);
        assertThat(upstream.submittedKeys).hasSize(3).containsOnly(t.task().id());
        assertThat(upstream.jobs).hasSize(1);
        assertThat(task(t.task().id()).externalTaskId()).isPresent();
    }

    @Test
    void an_upstream_rejection_fails_the_task_with_the_upstreams_code() {
        upstream.submitAnswers.add(new VideoProvider.Result.Failed<>(new VideoProvider.Failure.Rejected(new TaskError("moderation_blocked", "no"))));
        CreatedTask t = create(null);
        run(1);
        VideoTask failed = task(t.task().id());
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error()).hasValue(new TaskError("moderation_blocked", "no"));
    }

    @Test
    void progress_and_completion_are_polled_and_every_change_is_exactly_one_event() {
        CreatedTask t = create("k1");
        run(1);
        ExternalTaskId ext = task(t.task().id()).externalTaskId().orElseThrow();
        upstream.jobs.put(ext, UpstreamObservation.inProgress(40));
        run(2);
        upstream.jobs.put(ext, UpstreamObservation.completed());
        run(2);
        VideoTask done = task(t.task().id());
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        List<TaskEvent> events = events();
        assertThat(events).hasSize((int) done.version() + 1);
        assertThat(events).extracting(e -> e.task().version()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(events).extracting(e -> e.task().status()).containsExactly(TaskStatus.QUEUED, TaskStatus.QUEUED, TaskStatus.PROCESSING,
                TaskStatus.COMPLETED);
    }

    @Test
    void a_cancel_racing_a_completion_stays_cancelled_and_the_upstream_job_is_cancelled() {
        CreatedTask t = create("k1");
        run(1);
        ExternalTaskId ext = task(t.task().id()).externalTaskId().orElseThrow();
        upstream.jobs.put(ext, UpstreamObservation.inProgress(90));
        run(1);
        assertThat(relay.cancel().cancel(new CancelVideoTaskCommand(owner, t.task().id()))).isInstanceOf(Outcome.Ok.class);
        upstream.jobs.put(ext, UpstreamObservation.completed());   // the upstream finished anyway
        run(3);
        assertThat(task(t.task().id()).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(upstream.cancelled).containsExactly(ext);
        assertThat(relay.cancel().cancel(new CancelVideoTaskCommand(owner, t.task().id()))).isInstanceOfSatisfying(Outcome.Err.class,
                e -> assertThat(e.problem()).isInstanceOf(Problem.Conflict.class));
    }

    @Test
    void a_task_past_its_deadline_fails_with_upstream_timeout() {
        CreatedTask t = create("k1");
        run(1);
        ExternalTaskId ext = task(t.task().id()).externalTaskId().orElseThrow();
        upstream.jobs.put(ext, UpstreamObservation.inProgress(10));
        clock.advance(Duration.ofMinutes(11));
        run(2);
        VideoTask expired = task(t.task().id());
        assertThat(expired.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(expired.error().orElseThrow().code()).isEqualTo(TaskError.UPSTREAM_TIMEOUT);
        assertThat(upstream.cancelled).as("the still running upstream job is cancelled").containsExactly(ext);
    }

    @Test
    void the_in_flight_cap_and_the_create_rate_answer_limited_and_a_replay_does_not_count() {
        relay = services(RelaySettings.defaults().withLimits(2, 0));
        assertThat(create("a").replayed()).isFalse();
        assertThat(create("a").replayed()).as("a replay").isTrue();
        create("b");
        Outcome<CreatedTask> third = relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt("x"), Optional.of(new ClientRequestId("c"))));
        assertThat(third).isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.Limited.class));
        assertThat(create("a").replayed()).as("a replay is answered even while the rate is used up").isTrue();
        assertThat(create("b").replayed()).isTrue();

        relay = services(RelaySettings.defaults().withLimits(0, 1));
        create("a");
        assertThat(relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt("x"), Optional.empty())))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(((Problem.Limited) e.problem()).code()).isEqualTo("too_many_inflight_tasks"));
        assertThat(create("a").replayed()).as("a replay is answered even at the in-flight cap").isTrue();
    }

    @Test
    void the_same_key_with_another_request_is_refused_and_a_task_without_upstream_id_cannot_be_remixed() {
        CreatedTask t = create("k1");
        assertThat(relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt("a dog"), Optional.of(new ClientRequestId("k1")))))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.KeyReused.class));
        assertThat(relay.remix().remix(new RemixVideoTaskCommand(owner, t.task().id(), new Prompt("again"), Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem().code()).isEqualTo("original_not_remixable"));
        assertThat(relay.get().get(new UserId("usr_someone_else"), t.task().id()))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.NotFound.class));
    }
}
