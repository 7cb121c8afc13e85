package io.sorarelay.adapter.wan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.ReferenceImage;
import io.sorarelay.domain.UpstreamObservation.UpstreamStatus;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.simulator.Faults;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The client against the simulator's Wan mode over loopback; tasks age by a clock the test steps, shared with the client. */
class WanHttpClientTest {
    private static final String KEY = "key_test";
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private SoraSimulator sim;

    @AfterEach
    void stop() { if (sim != null) sim.close(); }

    private WanHttpClient client() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(KEY).duration(Duration.ofSeconds(10)).clock(clock).build());
        return client(KEY);
    }

    private WanHttpClient client(String key) {
        return new WanHttpClient(WanClientConfig.of(sim.wanBaseUrl(), key).withClock(clock).withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private void step(Duration d) { now.addAndGet(d.toMillis()); }

    private static VideoProvider.SubmitJob job(String prompt, VideoSpec spec) {
        return new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt(prompt), spec,
                Optional.empty(), Optional.empty());
    }

    private static VideoProvider.SubmitJob job(String prompt) { return job(prompt, new VideoSpec("wan2.5-t2v-preview", "5", "1280x720")); }

    private static <T> T ok(Result<T> r) {
        assertThat(r).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<T>) r).value();
    }

    private static <T> Failure failure(Result<T> r) {
        assertThat(r).isInstanceOf(Result.Failed.class);
        return ((Result.Failed<T>) r).failure();
    }

    private JsonNode get(String path) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + path))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(body);
    }

    private long stat(String name) throws Exception { return get("/_sim/stats").path(name).asLong(); }

    @Test
    void a_submitted_task_is_polled_to_completion_and_its_video_downloaded() throws Exception {
        WanHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("a red fox in the snow")));
        assertThat(submitted.observation().status()).isEqualTo(UpstreamStatus.QUEUED);
        assertThat(submitted.pollAfter()).contains(Duration.ofSeconds(15));
        step(Duration.ofSeconds(5));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.IN_PROGRESS);
        step(Duration.ofSeconds(5));
        VideoProvider.Observed done = ok(client.retrieve(submitted.id()));
        assertThat(done.observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(done.pollAfter()).isEmpty();
        try (VideoProvider.Content content = ok(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))) {
            assertThat(content.status()).isEqualTo(200);
            assertThat(new String(content.body().readAllBytes(), 4, 4)).isEqualTo("ftyp");
        }
        try (VideoProvider.Content part = ok(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.of("bytes=0-9")))) {
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.body().readAllBytes()).hasSize(10);
        }
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.THUMBNAIL, Optional.empty()))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void a_reference_image_moves_the_task_to_the_image_to_video_model_at_the_sizes_tier() throws Exception {
        WanHttpClient client = client();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        var ref = new VideoProvider.ReferenceUpload(new ReferenceImage("a".repeat(64), "image/png", png.length), png);
        var submit = new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt("animate this"),
                new VideoSpec("wan2.5-t2v-preview", "10", "1920x1080"), Optional.of(ref), Optional.empty());
        VideoProvider.Observed submitted = ok(client.submit(submit));
        step(Duration.ofSeconds(10));
        JsonNode task = get("/wan/api/v1/tasks/" + submitted.id().value());
        assertThat(task.path("usage").path("video_ratio").asText()).isEqualTo("1920*1080");
        assertThat(get("/wan/api/v1/tasks?model_name=wan2.5-i2v-preview").path("total").asInt()).isEqualTo(1);
    }

    @Test
    void moderation_fails_the_task_as_moderation_blocked_or_refuses_the_create_before_any_task() throws Exception {
        WanHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("something unsafe [fail]")));
        step(Duration.ofSeconds(10));
        var failed = ok(client.retrieve(submitted.id())).observation();
        assertThat(failed.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo("moderation_blocked");
        assertThat(failed.error().orElseThrow().message()).contains("DataInspectionFailed");
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))).isInstanceOf(Failure.NotFound.class);

        assertThat(failure(client.submit(job("refused at once [block]"))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().code()).isEqualTo("moderation_blocked"));
        assertThat(stat("jobs")).isEqualTo(1);
    }

    @Test
    void a_429_is_rate_limited_and_makes_no_task() throws Exception {
        WanHttpClient client = client();
        sim.faults(Faults.NONE.merge(Map.of("http429Rate", 1.0, "retryAfterSeconds", 7)));
        assertThat(failure(client.submit(job("one too many"))))
                .isInstanceOfSatisfying(Failure.RateLimited.class, r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        assertThat(stat("jobs")).isZero();
    }

    @Test
    void a_wrong_key_is_misconfigured_and_a_good_one_probes_ok() {
        WanHttpClient good = client();
        assertThat(ok(good.probe())).isTrue();
        WanHttpClient bad = client("key_wrong");
        assertThat(failure(bad.submit(job("x")))).isInstanceOf(Failure.Misconfigured.class);
        assertThat(failure(bad.probe())).isInstanceOf(Failure.Misconfigured.class);
    }

    @Test
    void cancel_stops_a_pending_task_cannot_stop_a_running_one_and_an_unknown_task_counts_as_cancelled() {
        WanHttpClient client = client();
        VideoProvider.Observed pending = ok(client.submit(job("changed my mind")));
        assertThat(ok(client.cancel(pending.id()))).isTrue();
        var cancelled = ok(client.retrieve(pending.id())).observation();
        assertThat(cancelled.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(cancelled.error().orElseThrow().code()).isEqualTo("upstream_cancelled");

        VideoProvider.Observed running = ok(client.submit(job("too late to stop")));
        step(Duration.ofSeconds(3));
        assertThat(ok(client.cancel(running.id()))).as("DashScope cancels pending tasks only").isFalse();
        assertThat(ok(client.retrieve(running.id())).observation().status()).isEqualTo(UpstreamStatus.IN_PROGRESS);

        assertThat(ok(client.cancel(new ExternalTaskId("no-such-task")))).isTrue();
        assertThat(failure(client.retrieve(new ExternalTaskId("no-such-task")))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void a_create_whose_answer_was_lost_finds_the_one_task_it_made() throws Exception {
        WanHttpClient client = client();
        VideoProvider.Observed before = ok(client.submit(job("made and answered")));
        VideoProvider.Observed recovered = ok(client.submit(job("made but the answer was lost [lost]")));
        assertThat(recovered.id()).isNotEqualTo(before.id());
        assertThat(stat("jobs")).as("no second task").isEqualTo(2);
        step(Duration.ofSeconds(10));
        assertThat(ok(client.retrieve(recovered.id())).observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
    }

    @Test
    void a_create_answered_5xx_that_made_no_task_stays_transient_and_is_not_sent_again() throws Exception {
        WanHttpClient client = client();
        sim.faults(Faults.NONE.merge(Map.of("http5xxRate", 1.0)));
        assertThat(failure(client.submit(job("maybe made"))))
                .isInstanceOfSatisfying(Failure.Transient.class, t -> assertThat(t.reason()).contains("no task adopted"));
        sim.faults(Faults.NONE);
        assertThat(stat("jobs")).isZero();
        assertThat(stat("creates")).as("the create reached no handler and was not resent").isZero();
    }

    @Test
    void what_wan_cannot_express_is_rejected_before_any_call() throws Exception {
        WanHttpClient client = client();
        assertThat(failure(client.submit(job("x", new VideoSpec("wan2.5-t2v-preview", "7", "1280x720")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("seconds '7'"));
        assertThat(failure(client.submit(job("x", new VideoSpec("wan2.6-t2v", "5", "832x480")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("size '832x480'"));
        assertThat(failure(client.submit(job("x", new VideoSpec("sora-2", "4", "1280x720")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().code()).isEqualTo("unsupported_request"));
        assertThat(failure(client.submit(job("x", new VideoSpec("wan2.6-i2v", "5", "1280x720")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("needs a reference image"));
        var remix = new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt("x"),
                new VideoSpec("wan2.5-t2v-preview", "5", "1280x720"), Optional.empty(), Optional.of(new ExternalTaskId("t1")));
        assertThat(failure(client.submit(remix))).isInstanceOf(Failure.Rejected.class);
        assertThat(stat("requests")).isZero();
    }

    @Test
    void a_task_is_forgotten_after_a_day_and_its_video_with_it() {
        WanHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("kept a day")));
        step(Duration.ofHours(25));
        assertThat(failure(client.retrieve(submitted.id()))).isInstanceOf(Failure.NotFound.class);
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void the_listing_pages_newest_first_and_leaves_failed_tasks_to_their_own_read() {
        WanHttpClient client = client();
        VideoProvider.Observed failing = ok(client.submit(job("fails [fail]")));
        step(Duration.ofSeconds(10));
        VideoProvider.Observed a = ok(client.submit(job("a")));
        step(Duration.ofSeconds(1));
        VideoProvider.Observed b = ok(client.submit(job("b")));
        step(Duration.ofSeconds(1));
        VideoProvider.Observed c = ok(client.submit(job("c")));
        assertThat(client.listsJobs()).isTrue();
        VideoProvider.JobPage first = ok(client.listJobs(Optional.empty(), 2));
        assertThat(first.jobs()).extracting(VideoProvider.ListedJob::id).containsExactly(c.id(), b.id());
        assertThat(first.jobs().getFirst().createdAt()).isEqualTo(Instant.ofEpochMilli(now.get()));
        assertThat(first.hasMore()).isTrue();
        VideoProvider.JobPage second = ok(client.listJobs(first.lastId(), 2));
        assertThat(second.jobs()).extracting(VideoProvider.ListedJob::id).containsExactly(a.id()).doesNotContain(failing.id());
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void a_negative_prompt_is_sent_as_input_negative_prompt_and_one_over_500_characters_is_refused_before_any_call() throws Exception {
        WanHttpClient client = client();
        VideoProvider.SubmitJob plain = job("a koi pond");
        ok(client.submit(new VideoProvider.SubmitJob(plain.idempotencyKey(), plain.prompt(), plain.spec(), Optional.empty(),
                Optional.empty(), Optional.of("no people"))));
        assertThat(sim.jobInputs()).containsExactly(Map.of("negative_prompt", "no people"));

        Failure refused = failure(client.submit(new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()),
                plain.prompt(), plain.spec(), Optional.empty(), Optional.empty(), Optional.of("x".repeat(501)))));
        assertThat(refused).isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("negativePrompt"));
        assertThat(stat("creates")).isEqualTo(1);
    }

    @Test
    void wan27_takes_resolution_and_ratio_and_its_first_frame_as_a_media_item() throws Exception {
        WanHttpClient client = client();
        VideoProvider.Observed text = ok(client.submit(job("a paper boat", new VideoSpec("wan2.7-t2v", "12", "1080x1920"))));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        var ref = new VideoProvider.ReferenceUpload(new ReferenceImage("b".repeat(64), "image/png", png.length), png);
        VideoProvider.SubmitJob image = new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()),
                new Prompt("the boat drifts"), new VideoSpec("wan2.7-t2v", "5", "1280x720"), Optional.of(ref), Optional.empty(),
                Optional.of("no rain"));
        ok(client.submit(image));

        assertThat(sim.jobInputs()).containsExactlyInAnyOrder(Map.of(), Map.of("negative_prompt", "no rain", "media", java.util.List.of("first_frame")));
        step(Duration.ofSeconds(10));
        assertThat(ok(client.retrieve(text.id())).observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        JsonNode task = get("/wan/api/v1/tasks/" + text.id().value());
        assertThat(task.path("usage").path("video_ratio").asText()).as("1080P at 9:16").isEqualTo("1080*1920");
        assertThat(task.path("usage").path("video_duration").asInt()).isEqualTo(12);
    }
}
