package io.sorarelay.adapter.memory;

import io.sorarelay.application.testkit.PlainPasswordHasher;
import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two engines (nodes A and B) over one task store and one upstream budget, each with its own fake
 * upstream that counts what it receives: a 429 seen by one node holds back the other, and the
 * concurrency cap holds across both.
 */
class UpstreamBudgetBehaviourTest {
    private static final UserId OWNER = new UserId("usr_budget");
    private static final RelaySettings SETTINGS = RelaySettings.defaults().withLimits(0, 0)
            .withPollPolicy(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(30)));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final InMemoryAdapters memory = InMemoryAdapters.create(clock);
    private final UpstreamBudgetPort budget = InMemoryAdapters.newUpstreamBudget(clock);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CountingProvider upstreamA = new CountingProvider(inFlight, maxInFlight);
    private final CountingProvider upstreamB = new CountingProvider(inFlight, maxInFlight);

    /** An upstream that answers 429 while told to, and counts calls and the most in flight at once (with {@code shared}). */
    static final class CountingProvider implements VideoProvider {
        final AtomicInteger calls = new AtomicInteger();
        final Queue<VideoId> submitted = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight;
        final AtomicInteger maxInFlight;
        volatile Optional<Duration> answer429 = Optional.empty();

        CountingProvider(AtomicInteger inFlight, AtomicInteger maxInFlight) { this.inFlight = inFlight; this.maxInFlight = maxInFlight; }

        private <T> Result<T> call(java.util.function.Supplier<Result<T>> ok) {
            calls.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);   // an upstream round trip, so that calls overlap
                return answer429.<Result<T>>map(d -> new Result.Failed<>(new Failure.RateLimited(d))).orElseGet(ok);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result.Failed<>(new Failure.Transient("interrupted", Optional.empty()));
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override public Result<Observed> submit(SubmitJob job) {
            return call(() -> {
                submitted.add(job.idempotencyKey());
                return new Result.Ok<>(new Observed(new ExternalTaskId("ext_" + job.idempotencyKey().value()), UpstreamObservation.queued(),
                        Optional.empty()));
            });
        }

        @Override public Result<Observed> retrieve(ExternalTaskId id) {
            return call(() -> new Result.Ok<>(new Observed(id, UpstreamObservation.completed(), Optional.empty())));
        }

        @Override public Result<Boolean> cancel(ExternalTaskId id) { return call(() -> new Result.Ok<>(true)); }

        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
            return new Result.Failed<>(new Failure.NotFound("no content in this test"));
        }
    }

    /** A node whose engine makes its calls at once on the JDK's threads, as a server's does. */
    private RelayServices node(VideoProvider upstream, UpstreamBudgetPort.Limits limits) {
        PasswordHasher plain = new PlainPasswordHasher();
        return new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                plain, (headers, body) -> Optional.empty(), memory.webhookDeliveries(),
                RelayServices.budgeted(VideoProviderRegistry.single(upstream), budget, limits), new RandomVideoIdGenerator(clock), clock,
                InFlightTasksPort.NONE, InProcessConcurrency.create()), SETTINGS);
    }

    private List<VideoId> createTasks(RelayServices node, int n) {
        List<VideoId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++)
            ids.add(node.create().create(CreateVideoTaskCommand.of(OWNER, new Prompt("a cat " + i), Optional.empty())).orElseThrow().task().id());
        return ids;
    }

    private VideoTask task(RelayServices node, VideoId id) { return node.get().get(OWNER, id).orElseThrow(); }

    @Test
    void a_429_seen_by_node_a_holds_node_b_back_until_the_retry_after_has_passed() {
        UpstreamBudgetPort.Limits limits = UpstreamBudgetPort.Limits.of(8, 0);
        RelayServices a = node(upstreamA, limits);
        RelayServices b = node(upstreamB, limits);
        List<VideoId> tasks = createTasks(a, 3);

        upstreamA.answer429 = Optional.of(Duration.ofSeconds(30));
        a.engine().pollDue("node-a", 1);
        assertThat(upstreamA.calls).as("node A met the 429").hasValue(1);
        assertThat(budget.pausedUntil("default")).hasValue(clock.instant().plusSeconds(30));

        b.engine().pollDue("node-b", 10);
        assertThat(upstreamB.calls).as("node B had two due tasks and did not call the upstream").hasValue(0);
        clock.advance(Duration.ofSeconds(10));
        b.engine().pollDue("node-b", 10);
        clock.advance(Duration.ofSeconds(19));
        b.engine().pollDue("node-b", 10);
        assertThat(upstreamB.calls).as("node B held back for the whole pause").hasValue(0);
        assertThat(tasks).allSatisfy(id -> assertThat(task(b, id).externalTaskId()).isEmpty());

        clock.advance(Duration.ofSeconds(2));
        b.engine().pollDue("node-b", 10);
        assertThat(upstreamB.submitted).as("after the pause node B submits every task, once each").containsExactlyInAnyOrderElementsOf(tasks);
        assertThat(tasks).allSatisfy(id -> assertThat(task(b, id).externalTaskId()).isPresent());
    }

    @Test
    void two_nodes_together_never_have_more_calls_in_flight_than_the_cap() throws InterruptedException {
        UpstreamBudgetPort.Limits threeAtOnce = UpstreamBudgetPort.Limits.of(3, 0);
        RelayServices a = node(upstreamA, threeAtOnce);
        RelayServices b = node(upstreamB, threeAtOnce);
        List<VideoId> tasks = createTasks(a, 24);

        for (int round = 0; round < 200 && !tasks.stream().allMatch(id -> task(a, id).isTerminal()); round++) {
            // Half the tasks each, so that both nodes have work; their passes run at the same time, and the node
            // that starts first (and so claims first and takes the permits first) alternates.
            Runnable passOfA = () -> a.engine().pollDue("node-a", 12);
            Runnable passOfB = () -> b.engine().pollDue("node-b", 12);
            Thread first = Thread.ofPlatform().start(round % 2 == 0 ? passOfA : passOfB);
            Thread second = Thread.ofPlatform().start(round % 2 == 0 ? passOfB : passOfA);
            first.join();
            second.join();
            clock.advance(Duration.ofSeconds(2));
        }

        assertThat(maxInFlight.get()).as("most calls in flight at once, both nodes together").isBetween(1, 3);
        List<VideoId> submitted = new ArrayList<>(upstreamA.submitted);
        submitted.addAll(upstreamB.submitted);
        assertThat(submitted).as("every task submitted, by one node, once").containsExactlyInAnyOrderElementsOf(tasks);
        assertThat(tasks).as("every task completed").allSatisfy(id -> assertThat(task(a, id).status()).isEqualTo(TaskStatus.COMPLETED));
        assertThat(upstreamA.submitted).as("both nodes did work").isNotEmpty();
        assertThat(upstreamB.submitted).isNotEmpty();
    }
}
