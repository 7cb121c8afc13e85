package io.sorarelay.adapter.memory;

import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase.CancelVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.GetVideoTaskUseCase;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase.RemixVideoTaskCommand;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.testkit.PlainPasswordHasher;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.domain.channel.SubmitDecision;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submits go through the channel-selection policy with failover only when a failure proves no job was made; every
 * later call of a task (poll, cancel, content, remix) goes to the channel that accepted its job.
 */
class ChannelRoutingBehaviourTest {
    private static final UserId OWNER = new UserId("usr_channels");
    private static final RelaySettings SETTINGS = RelaySettings.defaults().withLimits(0, 0)
            .withPollPolicy(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(30)));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final InMemoryAdapters memory = InMemoryAdapters.create(clock);
    private final ScriptedUpstream first = new ScriptedUpstream("first");
    private final ScriptedUpstream second = new ScriptedUpstream("second");

    enum Mode { OK, REFUSE, LOSE_ANSWER, REJECT, UNAUTHORIZED }

    /** One account: makes one job per idempotency key (as the OpenAI-compatible API does), and answers as told. */
    static final class ScriptedUpstream implements VideoProvider {
        final String name;
        volatile Mode mode = Mode.OK;
        final Map<VideoId, ExternalTaskId> jobs = new ConcurrentHashMap<>();
        final AtomicInteger submits = new AtomicInteger();
        final AtomicInteger retrieves = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();
        final AtomicInteger downloads = new AtomicInteger();
        volatile Optional<ExternalTaskId> lastRemixOf = Optional.empty();
        /** Whether a lost create can be resent safely (here by its idempotency key); false as on Runway, Veo, MiniMax. */
        volatile boolean resolvesLostCreates = true;

        ScriptedUpstream(String name) { this.name = name; }

        @Override public Result<Observed> submit(SubmitJob job) {
            submits.incrementAndGet();
            return switch (mode) {
                case REFUSE -> new Result.Failed<>(Failure.Transient.unreached("connection refused"));
                case UNAUTHORIZED -> new Result.Failed<>(new Failure.Misconfigured("401"));
                case REJECT -> new Result.Failed<>(new Failure.Rejected(new TaskError("moderation_blocked", "refused")));
                case LOSE_ANSWER -> {
                    jobs.computeIfAbsent(job.idempotencyKey(), k -> new ExternalTaskId(name + "_" + k.value()));
                    yield new Result.Failed<>(new Failure.Transient("timeout", Optional.empty()));
                }
                case OK -> {
                    lastRemixOf = job.remixOf();
                    ExternalTaskId id = jobs.computeIfAbsent(job.idempotencyKey(), k -> new ExternalTaskId(name + "_" + k.value()));
                    yield new Result.Ok<>(new Observed(id, UpstreamObservation.queued(), Optional.empty()));
                }
            };
        }

        @Override public boolean resolvesLostCreates() { return resolvesLostCreates; }

        @Override public Result<Observed> retrieve(ExternalTaskId id) {
            retrieves.incrementAndGet();
            return jobs.containsValue(id) ? new Result.Ok<>(new Observed(id, UpstreamObservation.completed(), Optional.empty()))
                    : new Result.Failed<>(new Failure.NotFound("not ours"));
        }

        @Override public Result<Boolean> cancel(ExternalTaskId id) {
            cancels.incrementAndGet();
            return new Result.Ok<>(jobs.containsValue(id));
        }

        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
            downloads.incrementAndGet();
            return jobs.containsValue(id) ? new Result.Ok<>(new Content(200, "video/mp4", OptionalLong.of(1), Optional.empty(),
                    new ByteArrayInputStream(new byte[] {1}))) : new Result.Failed<>(new Failure.NotFound("not ours"));
        }
    }

    private static Channel channel(String id, int priority, boolean enabled) {
        return new Channel(new ChannelId(id), id, ProviderKind.OPENAI_COMPATIBLE, "http://" + id + ".invalid",
                new ChannelSecret("test", "word"), Map.of("sora-2", "sora-2"), priority, 1, 64, 0, enabled);
    }

    /** A node over the shared store whose directory has both channels, with these priorities and states. */
    private RelayServices node(int firstPriority, boolean firstEnabled) {
        Map<Channel, VideoProvider> channels = new LinkedHashMap<>();
        channels.put(channel("first", firstPriority, firstEnabled), first);
        channels.put(channel("second", 5, true), second);
        return node(channels);
    }

    private RelayServices node(Map<Channel, VideoProvider> channels) {
        return new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                new PlainPasswordHasher(), (headers, body) -> Optional.empty(), memory.webhookDeliveries(),
                VideoProviderRegistry.ofChannels(channels), new RandomVideoIdGenerator(clock), clock, InFlightTasksPort.NONE), SETTINGS);
    }

    private VideoId create(RelayServices node, String prompt) {
        return node.create().create(CreateVideoTaskCommand.of(OWNER, new Prompt(prompt), Optional.empty())).orElseThrow().task().id();
    }

    private VideoTask task(RelayServices node, VideoId id) { return node.get().get(OWNER, id).orElseThrow(); }

    /** Runs the engine until nothing is due, moving the clock past every retry. */
    private void runEngine(RelayServices node) {
        for (int i = 0; i < 20; i++) {
            node.engine().pollDue("worker", 50);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void a_channel_refusing_connections_passes_every_submit_to_the_next_which_then_holds_the_task() {
        RelayServices node = node(10, true);
        first.mode = Mode.REFUSE;
        List<VideoId> ids = List.of(create(node, "a"), create(node, "b"), create(node, "c"));
        node.engine().pollDue("worker", 50);
        for (VideoId id : ids) assertThat(task(node, id).channel()).hasValue(new ChannelId("second"));
        assertThat(first.jobs).isEmpty();
        assertThat(second.jobs).hasSize(3);
        // Polls go to the channel holding the job, even once the first is back and preferred.
        first.mode = Mode.OK;
        runEngine(node);
        for (VideoId id : ids) assertThat(task(node, id).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(first.retrieves).hasValue(0);
        assertThat(second.retrieves.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void an_unknown_outcome_is_retried_on_the_same_channel_and_never_makes_a_second_job_elsewhere() {
        RelayServices node = node(10, true);
        first.mode = Mode.LOSE_ANSWER;
        VideoId id = create(node, "lost answer");
        node.engine().pollDue("worker", 50);
        clock.advance(Duration.ofMinutes(1));
        // Even with the first channel now refusing, a job may exist there: the submit stays there.
        first.mode = Mode.REFUSE;
        node.engine().pollDue("worker", 50);
        clock.advance(Duration.ofMinutes(1));
        assertThat(second.submits).as("no failover after an unknown outcome").hasValue(0);
        // Another node, where the second channel is preferred, takes over: the pin is in the store, not in the node.
        first.mode = Mode.OK;
        runEngine(node(1, true));
        assertThat(task(node, id).channel()).hasValue(new ChannelId("first"));
        assertThat(task(node, id).externalTaskId()).hasValue(first.jobs.get(id));
        assertThat(task(node, id).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(first.jobs).hasSize(1);
        assertThat(second.jobs).isEmpty();
    }

    /**
     * A channel that cannot resolve a lost create (no idempotency key, no task list): the create is not resent, there or
     * on the other channel; the task fails with upstream_outcome_unknown, and the upstream holds exactly the one job.
     */
    @Test
    void an_unknown_outcome_on_a_channel_that_cannot_resolve_it_fails_the_task_and_is_never_resent() {
        RelayServices node = node(10, true);
        first.resolvesLostCreates = false;
        first.mode = Mode.LOSE_ANSWER;
        VideoId id = create(node, "lost for good");
        node.engine().pollDue("worker", 50);
        first.mode = Mode.OK;
        runEngine(node);
        runEngine(node(1, true));

        assertThat(task(node, id).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task(node, id).error().orElseThrow().code()).isEqualTo(SubmitDecision.OUTCOME_UNKNOWN);
        assertThat(task(node, id).externalTaskId()).isEmpty();
        assertThat(first.submits).as("creates sent to the first channel").hasValue(1);
        assertThat(first.jobs).hasSize(1);
        assertThat(second.submits).as("no failover after an unknown outcome").hasValue(0);
    }

    @Test
    void a_lone_channels_unknown_outcome_is_pinned_so_a_later_second_channel_does_not_take_the_task() {
        RelayServices alone = node(Map.of(channel("first", 10, true), first));
        first.mode = Mode.LOSE_ANSWER;
        VideoId id = create(alone, "lost while alone");
        alone.engine().pollDue("worker", 50);
        clock.advance(Duration.ofMinutes(1));
        // A second channel is configured, preferred over the first: the task still goes back to the first.
        first.mode = Mode.OK;
        runEngine(node(1, true));
        assertThat(task(alone, id).channel()).hasValue(new ChannelId("first"));
        assertThat(first.jobs).hasSize(1);
        assertThat(second.submits).hasValue(0);
    }

    @Test
    void a_rejected_credential_fails_over_but_a_rejected_request_fails_the_task() {
        RelayServices node = node(10, true);
        first.mode = Mode.UNAUTHORIZED;
        VideoId moved = create(node, "moved");
        node.engine().pollDue("worker", 50);
        assertThat(task(node, moved).channel()).hasValue(new ChannelId("second"));
        first.mode = Mode.REJECT;
        VideoId refused = create(node, "refused");
        node.engine().pollDue("worker", 50);
        assertThat(task(node, refused).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(second.jobs).doesNotContainKey(refused);
    }

    @Test
    void cancel_content_and_remix_go_to_the_tasks_channel_after_it_is_disabled_and_deprioritised() {
        RelayServices before = node(10, true);
        VideoId done = create(before, "done");
        VideoId running = create(before, "running");
        runEngine(before);
        assertThat(task(before, done).channel()).hasValue(new ChannelId("first"));
        // The first channel is disabled and put below the second.
        RelayServices after = node(1, false);
        assertThat(after.get().content(OWNER, done, GetVideoTaskUseCase.ContentVariant.VIDEO, Optional.empty()).orElseThrow().status()).isEqualTo(200);
        assertThat(first.downloads).hasValue(1);
        assertThat(second.downloads).hasValue(0);

        VideoId remix = after.remix().remix(new RemixVideoTaskCommand(OWNER, done, new Prompt("again"), Optional.empty(), Optional.empty()))
                .orElseThrow().task().id();
        VideoId fresh = create(after, "fresh");
        after.engine().pollDue("worker", 50);
        assertThat(task(after, remix).channel()).as("the remix source exists on the first only").hasValue(new ChannelId("first"));
        assertThat(first.lastRemixOf).isEqualTo(task(after, done).externalTaskId());
        assertThat(task(after, fresh).channel()).as("new tasks avoid a disabled channel").hasValue(new ChannelId("second"));

        int cancelsBefore = first.cancels.get();
        VideoId toCancel = create(before, "to cancel");
        before.engine().pollDue("worker", 50);
        assertThat(task(before, toCancel).channel()).hasValue(new ChannelId("first"));
        after.cancel().cancel(new CancelVideoTaskCommand(OWNER, toCancel)).orElseThrow();
        runEngine(after);
        assertThat(first.cancels.get()).isGreaterThan(cancelsBefore);
        assertThat(second.cancels).hasValue(0);
        assertThat(Set.of(task(after, running).status())).containsExactly(TaskStatus.COMPLETED);
    }
}
