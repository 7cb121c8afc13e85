package io.sorarelay.adapter.memory;

import io.sorarelay.application.testkit.PlainPasswordHasher;
import io.sorarelay.adapter.memory.RelayServicesBehaviourTest.Clock;
import io.sorarelay.adapter.memory.RelayServicesBehaviourTest.ScriptedProvider;
import io.sorarelay.application.port.in.CleanUpReferenceImagesUseCase;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.ImageUpload;
import io.sorarelay.application.port.in.CreatedTask;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.RetryVideoTaskUseCase.RetryVideoTaskCommand;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.ReferenceImageSettings;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference image's lifecycle over the use cases: kept while a task may still send it (its submit, a retry within
 * the window), deleted by the cleanup after that; a retry whose image is gone is refused before any task is stored.
 */
class ReferenceImageBehaviourTest {
    private static final Duration HOLD = Duration.ofMinutes(5);
    private static final Duration RETRY_WINDOW = Duration.ofHours(1);

    private final Clock clock = new Clock();
    private final ScriptedProvider upstream = new ScriptedProvider();
    private final UserId owner = new UserId("usr_images");
    private InMemoryAdapters memory;
    private RelayServices relay;

    @BeforeEach
    void setUp() {
        memory = InMemoryAdapters.create(clock);
        RelaySettings settings = RelaySettings.defaults().withLimits(0, 0)
                .withPollPolicy(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofHours(3)))
                .withImages(new ReferenceImageSettings(RETRY_WINDOW, HOLD, 100));
        relay = new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                new PlainPasswordHasher(), (headers, body) -> Optional.empty(), memory.webhookDeliveries(), VideoProviderRegistry.single(upstream),
                new RandomVideoIdGenerator(clock), clock), settings);
    }

    private static byte[] png() {
        byte[] bytes = new byte[64];
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(head, 0, bytes, 0, head.length);
        byte[] unique = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(unique, 0, bytes, head.length, unique.length);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private VideoTask create(byte[] image) {
        return relay.create().create(new CreateVideoTaskCommand(owner, new Prompt("a kite over dunes"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(new ImageUpload("image/png", image)), Optional.empty()))
                .orElseThrow().task();
    }

    private Outcome<CreatedTask> retry(VideoId original, String key) {
        return relay.retry().retry(new RetryVideoTaskCommand(owner, original, Optional.ofNullable(key).map(ClientRequestId::new)));
    }

    private VideoTask task(VideoId id) { return relay.get().get(owner, id).orElseThrow(); }

    private void pass() {
        relay.engine().pollDue("worker", 100);
        clock.advance(Duration.ofSeconds(5));
    }

    private CleanUpReferenceImagesUseCase.Report cleanUp() { return relay.referenceImageCleanup().cleanUp(); }

    private Optional<byte[]> stored(byte[] image) throws Exception { return memory.referenceImages().get(sha256(image)); }

    /** Submits the task's job and lets the upstream finish it as {@code done}. */
    private void runToEnd(VideoId id, UpstreamObservation done) {
        pass();
        ExternalTaskId ext = task(id).externalTaskId().orElseThrow();
        upstream.jobs.put(ext, done);
        pass();
        pass();
    }

    @Test
    void a_completed_tasks_image_goes_once_the_hold_is_over() throws Exception {
        byte[] image = png();
        VideoTask t = create(image);
        runToEnd(t.id(), UpstreamObservation.completed());
        assertThat(task(t.id()).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(cleanUp().deleted()).as("still within the hold of its create").isZero();
        assertThat(stored(image)).isPresent();

        clock.advance(HOLD);
        CleanUpReferenceImagesUseCase.Report r = cleanUp();
        assertThat(r).isEqualTo(new CleanUpReferenceImagesUseCase.Report(1, 64, 0, 0));
        assertThat(stored(image)).isEmpty();
    }

    @Test
    void a_task_waiting_for_its_submit_keeps_its_image_past_the_hold() throws Exception {
        byte[] image = png();
        VideoTask t = create(image);
        upstream.submitAnswers.add(new VideoProvider.Result.Failed<>(new VideoProvider.Failure.Transient("upstream 503", Optional.empty())));
        pass();
        clock.advance(HOLD.multipliedBy(2));
        assertThat(cleanUp().deleted()).isZero();
        assertThat(task(t.id()).status()).isEqualTo(TaskStatus.QUEUED);

        runToEnd(t.id(), UpstreamObservation.completed());
        assertThat(task(t.id()).status()).as("re-sent with its image").isEqualTo(TaskStatus.COMPLETED);
        assertThat(cleanUp().deleted()).isEqualTo(1);
    }

    @Test
    void a_failed_task_is_retried_with_its_image_within_the_window_and_refused_after_it() throws Exception {
        byte[] image = png();
        VideoTask failed = create(image);
        upstream.submitAnswers.add(new VideoProvider.Result.Failed<>(new VideoProvider.Failure.Rejected(
                new TaskError("moderation_blocked", "refused"))));
        pass();
        assertThat(task(failed.id()).status()).isEqualTo(TaskStatus.FAILED);
        clock.advance(HOLD.multipliedBy(2));
        assertThat(cleanUp().deleted()).as("within the retry window").isZero();

        VideoTask retried = retry(failed.id(), "retry-1").orElseThrow().task();
        runToEnd(retried.id(), UpstreamObservation.completed());
        assertThat(task(retried.id()).status()).isEqualTo(TaskStatus.COMPLETED);

        clock.advance(RETRY_WINDOW);
        assertThat(cleanUp().deleted()).as("the failed task's window is over, the retry completed").isEqualTo(1);
        assertThat(stored(image)).isEmpty();
        Outcome<CreatedTask> late = retry(failed.id(), "retry-2");
        assertThat(late).isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem())
                .isInstanceOfSatisfying(Problem.Conflict.class, c -> assertThat(c.code()).isEqualTo("reference_image_expired")));
        assertThat(memory.videoTasks().countByStatus(owner).values().stream().mapToLong(Long::longValue).sum())
                .as("no task stored for the refused retry").isEqualTo(2);
        assertThat(retry(failed.id(), "retry-1").orElseThrow()).as("a replay of the earlier retry is still answered")
                .satisfies(c -> assertThat(c.replayed()).isTrue(), c -> assertThat(c.task().id()).isEqualTo(retried.id()));
    }
}
