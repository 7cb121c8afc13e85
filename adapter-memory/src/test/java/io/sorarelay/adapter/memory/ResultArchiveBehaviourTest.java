package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.in.GetVideoResultUseCase.ResultState;
import io.sorarelay.application.port.in.GetVideoResultUseCase.ResultView;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.VideoContent;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.ResultServices;
import io.sorarelay.application.service.ResultSettings;
import io.sorarelay.application.testkit.PlainPasswordHasher;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Copying results over the use cases, on a controllable clock: archived then served from the store (ranges included)
 * after the upstream forgot the job; a short download publishes nothing and is tried again; a video the upstream never
 * serves is given up; a missing thumbnail does not hold the video back; a copy that lost its lease publishes nothing.
 */
class ResultArchiveBehaviourTest {
    private final RelayServicesBehaviourTest.Clock clock = new RelayServicesBehaviourTest.Clock();
    private final Upstream upstream = new Upstream();
    private final UserId owner = new UserId("usr_results");
    private final InMemoryResults store = new InMemoryResults();
    private InMemoryAdapters memory;
    private InMemoryResultArchives archives;
    private ResultServices results;

    /** Serves what the test put there; {@code shortBy} announces more bytes than it sends. */
    static final class Upstream implements VideoProvider {
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        volatile int shortBy;
        volatile Runnable whileReading = () -> { };

        @Override public Result<Observed> submit(SubmitJob job) { throw new UnsupportedOperationException("tasks are stored completed"); }

        @Override public Result<Observed> retrieve(ExternalTaskId id) { return new Result.Failed<>(new Failure.NotFound("not asked")); }

        @Override public Result<Boolean> cancel(ExternalTaskId id) { return new Result.Ok<>(true); }

        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
            byte[] b = files.get(id.value() + "/" + variant);
            if (b == null) return new Result.Failed<>(new Failure.NotFound("no such job"));
            InputStream body = new ByteArrayInputStream(b, 0, b.length - shortBy) {
                @Override public synchronized int read(byte[] buf, int off, int len) {
                    whileReading.run();
                    return super.read(buf, off, Math.min(len, 1000));
                }
            };
            return new Result.Ok<>(new Content(200, variant == Variant.VIDEO ? "video/mp4" : "image/jpeg", OptionalLong.of(b.length),
                    Optional.empty(), body));
        }
    }

    @BeforeEach
    void setUp() {
        memory = InMemoryAdapters.create(clock);
        RelayServices relay = new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(),
                memory.userAccounts(), new PlainPasswordHasher(), (headers, body) -> Optional.empty(), memory.webhookDeliveries(),
                VideoProviderRegistry.single(upstream), new RandomVideoIdGenerator(clock), clock), RelaySettings.defaults());
        archives = new InMemoryResultArchives(memory.videoTasks()::completedSince);
        results = relay.results(store, archives,
                ResultSettings.defaults("a-link-key-for-these-tests".getBytes()).withLease(Duration.ofMinutes(1)).withRetries(3, Duration.ofSeconds(30)));
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** A COMPLETED task whose upstream job serves {@code video} (and {@code thumbnail}, when given). */
    private VideoTask completed(byte[] video, byte[] thumbnail) {
        TaskRequest request = new TaskRequest(owner, new Prompt("a lighthouse"), new VideoSpec("sora-2", "4", "1280x720"), "default",
                Optional.empty(), Lineage.generate());
        VideoTask task = VideoTask.create(VideoId.generate(clock.instant(), ThreadLocalRandom.current()), request, Optional.empty(),
                clock.instant(), clock.instant().plus(Duration.ofHours(1)));
        memory.videoTasks().createOrGet(task, NextWork.none());
        ExternalTaskId ext = new ExternalTaskId("ext_" + task.id().value());
        task = update(task.submitted(ext, clock.instant()));
        task = update(task.observe(UpstreamObservation.completed(), clock.instant()));
        if (video != null) upstream.files.put(ext.value() + "/VIDEO", video);
        if (thumbnail != null) upstream.files.put(ext.value() + "/THUMBNAIL", thumbnail);
        return task;
    }

    private VideoTask update(Transition t) {
        memory.videoTasks().update(TaskUpdate.of((Transition.Changed) t, NextWork.none()));
        return ((Transition.Changed) t).next();
    }

    private Optional<ResultState> state(VideoId id) { return results.results().result(id).map(ResultView::state); }

    private static byte[] read(Outcome<VideoContent> o) throws IOException {
        try (VideoContent c = o.orElseThrow()) {
            return c.body().readAllBytes();
        }
    }

    @Test
    void an_archived_result_is_served_from_the_store_after_the_upstream_forgot_it() throws Exception {
        byte[] video = bytes(50_000), thumb = bytes(700);
        VideoTask task = completed(video, thumb);
        assertThat(state(task.id())).contains(ResultState.PENDING);
        assertThat(results.archive().archiveDue("node-a", 10).archived()).isEqualTo(1);
        assertThat(state(task.id())).contains(ResultState.ARCHIVED);
        assertThat(results.results().result(task.id()).orElseThrow().expiresAt()).contains(clock.instant().plus(Duration.ofDays(30)));
        upstream.files.clear();

        assertThat(read(results.get().content(owner, task.id(), ContentVariant.VIDEO, Optional.empty()))).isEqualTo(video);
        assertThat(read(results.get().content(owner, task.id(), ContentVariant.THUMBNAIL, Optional.empty()))).isEqualTo(thumb);
        try (VideoContent part = results.get().content(owner, task.id(), ContentVariant.VIDEO, Optional.of("bytes=100-199")).orElseThrow()) {
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.contentRange()).contains("bytes 100-199/50000");
            assertThat(part.body().readAllBytes()).isEqualTo(Arrays.copyOfRange(video, 100, 200));
        }
        try (VideoContent past = results.get().content(owner, task.id(), ContentVariant.VIDEO, Optional.of("bytes=50000-")).orElseThrow()) {
            assertThat(past.status()).isEqualTo(416);
            assertThat(past.contentRange()).contains("bytes */50000");
        }
        assertThat(results.get().content(new UserId("usr_other"), task.id(), ContentVariant.VIDEO, Optional.empty()))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem().code()).isEqualTo("task_not_found"));
    }

    @Test
    void a_short_download_publishes_nothing_and_is_tried_again_later() throws Exception {
        byte[] video = bytes(20_000);
        VideoTask task = completed(video, null);
        upstream.shortBy = 1;
        assertThat(results.archive().archiveDue("node-a", 10).failed()).isEqualTo(1);
        assertThat(store.size("videos/" + task.id().value() + "/video")).isEmpty();
        assertThat(state(task.id())).contains(ResultState.PENDING);
        upstream.shortBy = 0;
        assertThat(results.archive().archiveDue("node-a", 10).claimed()).as("not before its retry time").isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(results.archive().archiveDue("node-a", 10).archived()).isEqualTo(1);
        assertThat(read(results.get().content(owner, task.id(), ContentVariant.VIDEO, Optional.empty()))).isEqualTo(video);
    }

    @Test
    void a_video_the_upstream_never_serves_is_given_up_after_the_last_attempt() {
        VideoTask task = completed(null, null);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(results.archive().archiveDue("node-a", 10).claimed()).as("attempt %d", attempt).isEqualTo(1);
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(state(task.id())).contains(ResultState.FAILED);
        assertThat(results.archive().archiveDue("node-a", 10).claimed()).isZero();
        assertThat(results.get().content(owner, task.id(), ContentVariant.VIDEO, Optional.empty()))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem().code()).isEqualTo("content_not_found"));
    }

    @Test
    void a_missing_thumbnail_does_not_hold_the_video_back() throws Exception {
        byte[] video = bytes(3_000);
        VideoTask task = completed(video, null);
        assertThat(results.archive().archiveDue("node-a", 10).archived()).isEqualTo(1);
        assertThat(read(results.get().content(owner, task.id(), ContentVariant.VIDEO, Optional.empty()))).isEqualTo(video);
        assertThat(store.size("videos/" + task.id().value() + "/thumbnail")).isEmpty();
    }

    @Test
    void a_copy_whose_lease_was_taken_over_publishes_nothing() {
        VideoTask task = completed(bytes(100_000), null);
        // Mid-copy, a lease and a half passes and another node claims the task: the first copy must stop.
        upstream.whileReading = () -> {
            upstream.whileReading = () -> { };
            clock.advance(Duration.ofSeconds(90));
            assertThat(archives.claim("node-b", clock.instant(), Duration.ofMinutes(1), clock.instant().minus(Duration.ofDays(1)), 10))
                    .containsExactly(task.id());
        };
        assertThat(results.archive().archiveDue("node-a", 10).archived()).isZero();
        assertThat(store.size("videos/" + task.id().value() + "/video")).isEmpty();
    }
}
