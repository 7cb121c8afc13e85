package io.sorarelay.adapter.seedance;

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

/** The client against the simulator's Seedance mode over loopback; tasks age by a clock the test steps, shared with the client. */
class SeedanceHttpClientTest {
    private static final String KEY = "key_test";
    private static final String MODEL = "doubao-seedance-1-0-pro-250528";
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private SoraSimulator sim;

    @AfterEach
    void stop() { if (sim != null) sim.close(); }

    private SeedanceHttpClient client() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(KEY).duration(Duration.ofSeconds(10)).clock(clock).build());
        return client(KEY);
    }

    private SeedanceHttpClient client(String key) {
        return new SeedanceHttpClient(SeedanceClientConfig.of(sim.seedanceBaseUrl(), key).withClock(clock)
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private void step(Duration d) { now.addAndGet(d.toMillis()); }

    private static VideoProvider.SubmitJob job(String prompt, VideoSpec spec) {
        return new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt(prompt), spec,
                Optional.empty(), Optional.empty());
    }

    private static VideoProvider.SubmitJob job(String prompt) { return job(prompt, new VideoSpec(MODEL, "5", "1280x720")); }

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
        SeedanceHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("a red fox in the snow")));
        assertThat(submitted.observation().status()).isEqualTo(UpstreamStatus.QUEUED);
        assertThat(submitted.id().value()).startsWith("cgt-");
        JsonNode sent = get("/seedance/api/v3/contents/generations/tasks/" + submitted.id().value());
        assertThat(sent.path("resolution").asText()).isEqualTo("720p");
        assertThat(sent.path("ratio").asText()).isEqualTo("16:9");
        assertThat(sent.path("duration").asInt()).isEqualTo(5);
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
        }
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.THUMBNAIL, Optional.empty()))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void a_reference_image_is_sent_as_a_first_frame_part() throws Exception {
        SeedanceHttpClient client = client();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        var ref = new VideoProvider.ReferenceUpload(new ReferenceImage("a".repeat(64), "image/png", png.length), png);
        var submit = new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt("animate this"),
                new VideoSpec("doubao-seedance-1-0-lite-i2v-250428", "10", "1920x1080"), Optional.of(ref), Optional.empty());
        VideoProvider.Observed submitted = ok(client.submit(submit));
        step(Duration.ofSeconds(10));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(get("/seedance/api/v3/contents/generations/tasks/" + submitted.id().value()).path("resolution").asText()).isEqualTo("1080p");
    }

    @Test
    void moderation_fails_the_task_as_moderation_blocked_or_refuses_the_create_before_any_task() throws Exception {
        SeedanceHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("something unsafe [fail]")));
        step(Duration.ofSeconds(10));
        var failed = ok(client.retrieve(submitted.id())).observation();
        assertThat(failed.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo("moderation_blocked");
        assertThat(failed.error().orElseThrow().message()).contains("OutputVideoSensitiveContentDetected");
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))).isInstanceOf(Failure.NotFound.class);

        assertThat(failure(client.submit(job("refused at once [block]"))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().code()).isEqualTo("moderation_blocked"));
        assertThat(stat("jobs")).isEqualTo(1);
    }

    @Test
    void a_429_is_rate_limited_and_makes_no_task() throws Exception {
        SeedanceHttpClient client = client();
        sim.faults(Faults.NONE.merge(Map.of("http429Rate", 1.0, "retryAfterSeconds", 7)));
        assertThat(failure(client.submit(job("one too many"))))
                .isInstanceOfSatisfying(Failure.RateLimited.class, r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        assertThat(stat("jobs")).isZero();
    }

    @Test
    void a_wrong_key_is_misconfigured_and_a_good_one_probes_ok() {
        SeedanceHttpClient good = client();
        assertThat(ok(good.probe())).isTrue();
        SeedanceHttpClient bad = client("key_wrong");
        assertThat(failure(bad.submit(job("x")))).isInstanceOf(Failure.Misconfigured.class);
        assertThat(failure(bad.probe())).isInstanceOf(Failure.Misconfigured.class);
    }

    @Test
    void cancel_stops_a_queued_task_cannot_stop_a_running_one_and_an_unknown_task_counts_as_cancelled() {
        SeedanceHttpClient client = client();
        VideoProvider.Observed queued = ok(client.submit(job("changed my mind")));
        assertThat(ok(client.cancel(queued.id()))).isTrue();
        var cancelled = ok(client.retrieve(queued.id())).observation();
        assertThat(cancelled.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(cancelled.error().orElseThrow().code()).isEqualTo("upstream_cancelled");

        VideoProvider.Observed running = ok(client.submit(job("too late to stop")));
        step(Duration.ofSeconds(3));
        assertThat(ok(client.cancel(running.id()))).as("Ark cancels queued tasks only").isFalse();
        assertThat(ok(client.retrieve(running.id())).observation().status()).isEqualTo(UpstreamStatus.IN_PROGRESS);

        assertThat(ok(client.cancel(new ExternalTaskId("cgt-nobody-made")))).isTrue();
        assertThat(failure(client.retrieve(new ExternalTaskId("cgt-nobody-made")))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void a_create_whose_answer_was_lost_finds_the_one_task_it_made() throws Exception {
        SeedanceHttpClient client = client();
        VideoProvider.Observed before = ok(client.submit(job("made and answered")));
        VideoProvider.Observed recovered = ok(client.submit(job("made but the answer was lost [lost]")));
        assertThat(recovered.id()).isNotEqualTo(before.id());
        assertThat(stat("jobs")).as("no second task").isEqualTo(2);
        step(Duration.ofSeconds(10));
        assertThat(ok(client.retrieve(recovered.id())).observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
    }

    @Test
    void a_lost_answer_is_left_unknown_when_another_client_made_a_task_of_the_model_meanwhile() throws Exception {
        SeedanceHttpClient client = client();
        SeedanceHttpClient other = client(KEY);
        ok(other.submit(job("someone else's task")));
        assertThat(failure(client.submit(job("made but the answer was lost [lost]"))))
                .isInstanceOfSatisfying(Failure.Transient.class, t -> assertThat(t.reason()).contains("2 tasks of this model appeared"));
        assertThat(stat("jobs")).isEqualTo(2);
    }

    @Test
    void a_create_answered_5xx_that_made_no_task_stays_transient_and_is_not_sent_again() throws Exception {
        SeedanceHttpClient client = client();
        sim.faults(Faults.NONE.merge(Map.of("http5xxRate", 1.0)));
        assertThat(failure(client.submit(job("maybe made"))))
                .isInstanceOfSatisfying(Failure.Transient.class, t -> assertThat(t.reason()).contains("no task adopted"));
        sim.faults(Faults.NONE);
        assertThat(stat("jobs")).isZero();
        assertThat(stat("creates")).isZero();
    }

    @Test
    void what_seedance_cannot_express_is_rejected_before_any_call() throws Exception {
        SeedanceHttpClient client = client();
        assertThat(failure(client.submit(job("x", new VideoSpec(MODEL, "13", "1280x720")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("seconds '13'"));
        assertThat(failure(client.submit(job("x", new VideoSpec(MODEL, "5", "1792x1024")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("size '1792x1024'"));
        assertThat(failure(client.submit(job("x", new VideoSpec("doubao-seedance-2-0-fast-260128", "5", "1920x1080")))))
                .as("2.0 fast makes no 1080p").isInstanceOf(Failure.Rejected.class);
        assertThat(failure(client.submit(job("x", new VideoSpec("doubao-seedance-1-0-lite-i2v-250428", "5", "1280x720")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("needs a reference image"));
        assertThat(failure(client.submit(job("x", new VideoSpec("sora-2", "4", "1280x720")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().code()).isEqualTo("unsupported_request"));
        assertThat(stat("requests")).isZero();
    }

    @Test
    void the_listing_pages_newest_first_with_each_tasks_status() {
        SeedanceHttpClient client = client();
        VideoProvider.Observed failing = ok(client.submit(job("fails [fail]")));
        step(Duration.ofSeconds(10));
        VideoProvider.Observed a = ok(client.submit(job("a")));
        step(Duration.ofSeconds(1));
        VideoProvider.Observed b = ok(client.submit(job("b")));
        assertThat(client.listsJobs()).isTrue();
        VideoProvider.JobPage first = ok(client.listJobs(Optional.empty(), 2));
        assertThat(first.jobs()).extracting(VideoProvider.ListedJob::id).containsExactly(b.id(), a.id());
        assertThat(first.jobs().getFirst().createdAt()).isEqualTo(Instant.ofEpochSecond(now.get() / 1000));
        assertThat(first.hasMore()).isTrue();
        VideoProvider.JobPage second = ok(client.listJobs(first.lastId(), 2));
        assertThat(second.jobs()).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo(failing.id());
            assertThat(j.observation().error().orElseThrow().code()).isEqualTo("moderation_blocked");
        });
        assertThat(second.hasMore()).isFalse();
    }
}
