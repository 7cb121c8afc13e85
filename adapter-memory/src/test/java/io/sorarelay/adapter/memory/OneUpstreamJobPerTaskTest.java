package io.sorarelay.adapter.memory;

import io.sorarelay.application.testkit.PlainPasswordHasher;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase.CancelVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.IngestUpstreamStatusUseCase.Observation;
import io.sorarelay.application.port.in.PollDueTasksUseCase;
import io.sorarelay.application.port.out.Concurrency;
import io.sorarelay.application.port.out.ConcurrentCalls;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.testkit.ManualTime;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * One task, one upstream job, whatever the interleaving of workers, leases, cancels and deletes. Two "nodes" share one
 * in-memory store; each pass runs its calls in order on the test's thread, and the clock (and the timers) move only
 * when the test moves them, inside the upstream call that is "on its way": every interleaving here is exact.
 *
 * <p>The upstream honours {@code Idempotency-Key} only while the key's job exists, as the simulator did: a create that
 * arrives after the key's job was deleted makes a second job. The relay must not depend on more than that.
 */
class OneUpstreamJobPerTaskTest {
    private static final Duration LEASE = Duration.ofSeconds(3);

    /** An upstream whose key memory ends with the job's deletion; it counts the jobs each key made. */
    static final class ForgetfulUpstream implements VideoProvider {
        final Map<VideoId, ExternalTaskId> byKey = new HashMap<>();
        final Map<ExternalTaskId, UpstreamObservation> jobs = new HashMap<>();
        final Map<VideoId, Integer> jobsPerKey = new HashMap<>();
        final List<VideoId> creates = new ArrayList<>();
        final List<ExternalTaskId> deleted = new ArrayList<>();
        private int made;
        /** Runs once, while the next create is on its way (sent, not yet arrived). */
        Runnable beforeNextCreate = () -> { };
        /** Runs once, while the next retrieve is on its way. */
        Runnable beforeNextRetrieve = () -> { };

        @Override public Result<Observed> submit(SubmitJob job) {
            Runnable window = beforeNextCreate;
            beforeNextCreate = () -> { };
            window.run();
            synchronized (this) {
                creates.add(job.idempotencyKey());
                ExternalTaskId known = byKey.get(job.idempotencyKey());
                if (known != null && jobs.containsKey(known)) return new Result.Ok<>(new Observed(known, jobs.get(known), Optional.empty()));
                ExternalTaskId id = new ExternalTaskId("job_" + (++made));
                byKey.put(job.idempotencyKey(), id);
                jobs.put(id, UpstreamObservation.queued());
                jobsPerKey.merge(job.idempotencyKey(), 1, Integer::sum);
                return new Result.Ok<>(new Observed(id, UpstreamObservation.queued(), Optional.empty()));
            }
        }

        @Override public Result<Observed> retrieve(ExternalTaskId id) {
            Runnable window = beforeNextRetrieve;
            beforeNextRetrieve = () -> { };
            window.run();
            synchronized (this) {
                UpstreamObservation o = jobs.get(id);
                return o == null ? new Result.Failed<>(new Failure.NotFound("no such job")) : new Result.Ok<>(new Observed(id, o, Optional.empty()));
            }
        }

        @Override public synchronized Result<Boolean> cancel(ExternalTaskId id) {
            deleted.add(id);
            jobs.remove(id);
            return new Result.Ok<>(true);
        }

        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
            return new Result.Failed<>(new Failure.NotFound("no content in this test"));
        }
    }

    private final ManualTime clock = new ManualTime();
    private final ForgetfulUpstream upstream = new ForgetfulUpstream();
    private final UserId owner = new UserId("usr_one_job");
    private InMemoryAdapters memory;
    private RelayServices relay;

    @BeforeEach
    void setUp() {
        memory = InMemoryAdapters.create(clock);
        RelaySettings settings = RelaySettings.defaults().withLimits(0, 0).withLeaseDuration(LEASE)
                .withPollPolicy(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10)));
        // Calls in order on the caller's thread; delayed actions (a lease's heartbeat) when the test moves the clock.
        Concurrency stepByStep = new Concurrency(ConcurrentCalls.ON_CALLERS_THREAD, ConcurrentCalls.ON_CALLERS_THREAD, clock);
        relay = new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                new PlainPasswordHasher(), (headers, body) -> Optional.empty(), memory.webhookDeliveries(), VideoProviderRegistry.single(upstream),
                new RandomVideoIdGenerator(clock), clock, memory.videoTasks(), stepByStep), settings);
    }

    /** A new task, due a second after the one created before it (so a pass works on them in creation order). */
    private VideoId create(String prompt) {
        clock.advance(Duration.ofSeconds(1));
        return relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt(prompt), Optional.empty())).orElseThrow().task().id();
    }

    private VideoTask task(VideoId id) { return relay.get().get(owner, id).orElseThrow(); }

    private PollDueTasksUseCase.Report pass(String node) { return relay.engine().pollDue(node, 10); }

    /**
     * The failure seen on a loaded machine, made exact: node-a's pass is slow (its first create takes longer than the
     * lease), so its claim on the second task runs out; node-b takes that task over and submits it, the owner cancels
     * it and node-b deletes its upstream job. When node-a finally reaches the second task, it must not send its
     * create: that key's job is gone, so the upstream would make a second one that no task owns.
     */
    @Test
    void a_worker_whose_claim_ran_out_does_not_submit_a_task_another_node_has_moved_on() {
        VideoId first = create("a lighthouse");
        VideoId second = create("a harbour");
        upstream.beforeNextCreate = () -> {
            clock.advance(LEASE.plusSeconds(2));
            pass("node-b");
            relay.cancel().cancel(new CancelVideoTaskCommand(owner, second));
            pass("node-b");
        };
        pass("node-a");

        assertThat(upstream.deleted).as("the cancelled task's job deleted upstream").containsExactly(task(second).externalTaskId().orElseThrow());
        assertThat(upstream.jobsPerKey).as("upstream jobs per task").containsOnly(entry(first, 1), entry(second, 1));
        assertThat(task(first).externalTaskId()).hasValue(upstream.byKey.get(first));
        assertThat(task(second).status()).isEqualTo(TaskStatus.CANCELLED);
    }

    /**
     * While a create is on its way for longer than the lease, the worker that sent it keeps its claim (a heartbeat), so
     * no other node sends the same create meanwhile; the heartbeat ends with the call.
     */
    @Test
    void a_submit_slower_than_the_lease_keeps_its_claim_so_no_other_node_sends_it_too() {
        VideoId id = create("a slow upload");
        int[] claimedByB = {-1};
        upstream.beforeNextCreate = () -> {
            clock.advance(LEASE.multipliedBy(3));
            claimedByB[0] = pass("node-b").claimed();
        };
        pass("node-a");

        assertThat(claimedByB[0]).as("tasks node-b claimed while node-a's create was on its way").isZero();
        assertThat(upstream.creates).as("create requests sent upstream").containsExactly(id);
        assertThat(task(id).externalTaskId()).hasValue(upstream.byKey.get(id));
        assertThat(clock.pending()).as("heartbeats left running after the call").isZero();
    }

    /** A task cancelled while its claim waited for its turn in the pass never reaches the upstream. */
    @Test
    void a_task_cancelled_while_its_claim_waited_is_never_sent_upstream() {
        VideoId first = create("a kettle");
        VideoId second = create("a teapot");
        upstream.beforeNextCreate = () -> relay.cancel().cancel(new CancelVideoTaskCommand(owner, second));
        pass("node-a");

        assertThat(upstream.creates).as("create requests sent upstream").containsExactly(first);
        assertThat(task(second).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(task(second).externalTaskId()).isEmpty();
    }

    /**
     * A poll that decided on an older version (the job finished while its retrieve was on its way, and a webhook
     * recorded that first) left the completed task scheduled. The engine must not "cancel" it upstream: deleting a
     * completed job loses its video, and with it the upstream's memory of the task's key.
     */
    @Test
    void a_completed_job_is_never_deleted_upstream_even_when_a_stale_poll_left_its_task_scheduled() {
        VideoId id = create("a glacier");
        pass("node-a");
        ExternalTaskId ext = task(id).externalTaskId().orElseThrow();
        upstream.beforeNextRetrieve = () -> relay.ingest().ingest(new Observation(ModelCatalogue.DEFAULT_PROVIDER, ext,
                UpstreamObservation.completed()));
        clock.advance(Duration.ofMinutes(1));
        pass("node-a");
        clock.advance(Duration.ofMinutes(1));
        pass("node-a");

        assertThat(task(id).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(upstream.deleted).as("upstream jobs deleted").isEmpty();
    }
}
