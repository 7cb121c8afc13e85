package io.sorarelay.adapter.memory;

import io.sorarelay.adapter.memory.RelayServicesBehaviourTest.Clock;
import io.sorarelay.adapter.memory.RelayServicesBehaviourTest.ScriptedProvider;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.ReceiveProviderCallbackUseCase;
import io.sorarelay.application.port.in.ReceiveProviderCallbackUseCase.Callback;
import io.sorarelay.application.port.in.ReceiveProviderCallbackUseCase.Effect;
import io.sorarelay.application.port.in.ReceiveProviderCallbackUseCase.Received;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.port.out.WebhookVerifier;
import io.sorarelay.application.service.CallbackTokens;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.testkit.PlainPasswordHasher;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider callbacks in the application: the token is checked before anything else, a claimed final state is confirmed
 * with one read, and what is applied goes through the task writer, so repeats and late news change nothing.
 * The test's provider reads a body {@code job status} ({@code challenge x} is a handshake).
 */
class ProviderCallbackBehaviourTest {
    private static final String PROVIDER = "scripted";

    private final Clock clock = new Clock();
    private final ScriptedProvider upstream = new ScriptedProvider();
    /** Makes the provider's reads fail, as an outage would. */
    private volatile boolean readFails;
    /** The scripted upstream, reading callbacks. */
    private final VideoProvider callingBack = new VideoProvider() {
        @Override public Result<Observed> submit(SubmitJob job) { return upstream.submit(job); }
        @Override public Result<Observed> retrieve(ExternalTaskId id) {
            return readFails ? new Result.Failed<>(new Failure.Transient("down", Optional.empty())) : upstream.retrieve(id);
        }
        @Override public Result<Boolean> cancel(ExternalTaskId id) { return upstream.cancel(id); }
        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) { return upstream.content(id, variant, range); }
        @Override public CallbackReading readCallback(Optional<ExternalTaskId> job, byte[] body) {
            String[] p = new String(body, StandardCharsets.UTF_8).split(" ");
            if (p.length != 2) return new CallbackReading.Unreadable("not two words");
            if (p[0].equals("challenge")) return new CallbackReading.Handshake(p[1].getBytes(StandardCharsets.UTF_8));
            UpstreamObservation o = switch (p[1]) {
                case "running" -> UpstreamObservation.inProgress(40);
                case "done" -> UpstreamObservation.completed();
                default -> UpstreamObservation.failed(new io.sorarelay.domain.TaskError("upstream_failed", p[1]));
            };
            return new CallbackReading.News(new Observed(new ExternalTaskId(p[0]), o, Optional.empty()));
        }
        /** A provider that signs its POSTs: {@code x-signature: bad} does not hold. */
        @Override public CallbackReading readCallback(Optional<ExternalTaskId> job, java.util.Map<String, String> headers, byte[] body) {
            if ("bad".equals(headers.get("x-signature"))) return new CallbackReading.Refused("bad signature");
            return readCallback(job, body);
        }
    };
    private final InMemoryAdapters memory = InMemoryAdapters.create(clock);
    private final UserId owner = new UserId("usr_callbacks");
    private final RelayServices relay = new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(),
            memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(),
            memory.rateLimiter(), memory.userAccounts(), new PlainPasswordHasher(), (h, b) -> Optional.<WebhookVerifier.Notice>empty(),
            memory.webhookDeliveries(), VideoProviderRegistry.single(callingBack), new RandomVideoIdGenerator(clock), clock, memory.videoTasks()),
            RelaySettings.defaults().withLimits(0, 0).withPollPolicy(new PollPolicy(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(3))));
    private final CallbackTokens tokens = new CallbackTokens(new SecureRandom().generateSeed(32));
    private final ReceiveProviderCallbackUseCase callbacks = relay.callbacks(tokens);

    private VideoTask submitted() {
        VideoId id = relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt("a fox"), Optional.empty())).orElseThrow().task().id();
        relay.engine().pollDue("worker", 10);
        return relay.get().get(owner, id).orElseThrow();
    }

    private Outcome<Received> post(VideoTask task, String body) {
        return callbacks.receive(new Callback(PROVIDER, task.id().value(), tokens.token(PROVIDER, task.id()), body.getBytes(StandardCharsets.UTF_8)));
    }

    private VideoTask now(VideoTask t) { return relay.get().get(owner, t.id()).orElseThrow(); }

    @Test
    void news_is_applied_once_a_final_state_only_as_the_provider_confirms_it_and_repeats_change_nothing() {
        VideoTask task = submitted();
        String job = task.externalTaskId().orElseThrow().value();
        assertThat(post(task, job + " running")).isEqualTo(Outcome.ok(new Received.Applied(Effect.APPLIED)));
        assertThat(now(task).status()).isEqualTo(TaskStatus.PROCESSING);
        // The body claims "done"; the provider still says running: what it says is applied, not the claim.
        upstream.jobs.put(task.externalTaskId().get(), UpstreamObservation.inProgress(50));
        assertThat(post(task, job + " done")).isEqualTo(Outcome.ok(new Received.Applied(Effect.APPLIED)));
        assertThat(now(task).status()).isEqualTo(TaskStatus.PROCESSING);
        // A provider that cannot be asked: 503, nothing changed, the provider retries.
        upstream.jobs.put(task.externalTaskId().get(), UpstreamObservation.completed());
        readFails = true;
        assertThat(post(task, job + " done")).isInstanceOfSatisfying(Outcome.Err.class,
                e -> assertThat(e.problem()).isInstanceOf(Problem.Unavailable.class));
        assertThat(now(task).status()).isEqualTo(TaskStatus.PROCESSING);
        readFails = false;
        assertThat(post(task, job + " done")).isEqualTo(Outcome.ok(new Received.Applied(Effect.APPLIED)));
        VideoTask done = now(task);
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        for (String late : new String[] {job + " done", job + " running", job + " failed"})
            assertThat(post(task, late)).isEqualTo(Outcome.ok(new Received.Applied(Effect.UNCHANGED)));
        assertThat(now(task).version()).isEqualTo(done.version());
    }

    @Test
    void a_wrong_token_an_unknown_task_another_job_or_a_foreign_body_change_nothing() {
        VideoTask task = submitted();
        String job = task.externalTaskId().orElseThrow().value();
        assertThat(callbacks.receive(new Callback(PROVIDER, task.id().value(), "forged", (job + " failed").getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.Unauthorized.class));
        assertThat(callbacks.receive(new Callback("other", task.id().value(), tokens.token(PROVIDER, task.id()), (job + " failed").getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.Unauthorized.class));
        VideoId unknown = VideoId.generate(clock.instant(), new java.util.Random(9));
        assertThat(callbacks.receive(new Callback(PROVIDER, unknown.value(), tokens.token(PROVIDER, unknown), (job + " done").getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.NotFound.class));
        assertThat(post(task, "ext_other failed")).isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.NotFound.class));
        assertThat(post(task, "gibberish")).isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.Invalid.class));
        assertThat(now(task).status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(now(task).version()).isEqualTo(task.version());
        // A handshake is answered and changes nothing.
        assertThat(post(task, "challenge abc")).isInstanceOfSatisfying(Outcome.Ok.class,
                ok -> assertThat(new String(((Received.Answer) ok.value()).json(), StandardCharsets.UTF_8)).isEqualTo("abc"));
    }

    @Test
    void news_before_the_job_id_is_stored_is_ignored_and_callbacks_can_be_off() {
        VideoId id = relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt("early"), Optional.empty())).orElseThrow().task().id();
        assertThat(callbacks.receive(new Callback(PROVIDER, id.value(), tokens.token(PROVIDER, id), "ext_1 done".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(Outcome.ok(new Received.Applied(Effect.IGNORED)));
        assertThat(relay.get().get(owner, id).orElseThrow().status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(ReceiveProviderCallbackUseCase.DISABLED.receive(new Callback(PROVIDER, id.value(), tokens.token(PROVIDER, id), new byte[0])))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.Unauthorized.class));
    }

    @Test
    void a_signature_the_provider_refuses_is_unauthorized_and_changes_nothing() {
        VideoTask task = submitted();
        String job = task.externalTaskId().orElseThrow().value();
        upstream.jobs.put(task.externalTaskId().get(), UpstreamObservation.completed());
        byte[] done = (job + " done").getBytes(StandardCharsets.UTF_8);
        String token = tokens.token(PROVIDER, task.id());
        assertThat(callbacks.receive(new Callback(PROVIDER, task.id().value(), token, java.util.Map.of("x-signature", "bad"), done)))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOfSatisfying(Problem.Unauthorized.class,
                        u -> assertThat(u.code()).isEqualTo("invalid_callback_signature")));
        assertThat(now(task).version()).isEqualTo(task.version());
        assertThat(callbacks.receive(new Callback(PROVIDER, task.id().value(), token, java.util.Map.of("x-signature", "good"), done)))
                .isEqualTo(Outcome.ok(new Received.Applied(Effect.APPLIED)));
        assertThat(now(task).status()).isEqualTo(TaskStatus.COMPLETED);
    }
}
