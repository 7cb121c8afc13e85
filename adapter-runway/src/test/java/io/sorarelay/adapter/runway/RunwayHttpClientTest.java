package io.sorarelay.adapter.runway;

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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The client against the simulator's Runway mode over loopback; tasks age by a clock the test steps. */
class RunwayHttpClientTest {
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;

    @AfterEach
    void stop() { if (sim != null) sim.close(); }

    private RunwayHttpClient client(int dailyLimit) {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_test").duration(Duration.ofSeconds(10))
                .runwayDailyGenerations(dailyLimit).clock(() -> Instant.ofEpochMilli(now.get())).build());
        return new RunwayHttpClient(RunwayClientConfig.of(sim.runwayBaseUrl(), "key_test").withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private void step(Duration d) { now.addAndGet(d.toMillis()); }

    private static VideoProvider.SubmitJob job(String prompt, VideoSpec spec) {
        return new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt(prompt), spec,
                Optional.empty(), Optional.empty());
    }

    private static VideoProvider.SubmitJob job(String prompt) { return job(prompt, new VideoSpec("gen4.5", "5", "1280x720")); }

    private static <T> T ok(Result<T> r) {
        assertThat(r).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<T>) r).value();
    }

    private static <T> Failure failure(Result<T> r) {
        assertThat(r).isInstanceOf(Result.Failed.class);
        return ((Result.Failed<T>) r).failure();
    }

    private long stat(String name) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path(name).asLong();
    }

    @Test
    void a_submitted_task_is_polled_to_completion_and_its_video_downloaded() throws Exception {
        RunwayHttpClient client = client(0);
        VideoProvider.Observed submitted = ok(client.submit(job("a red fox in the snow")));
        assertThat(submitted.observation().status()).isEqualTo(UpstreamStatus.QUEUED);
        assertThat(submitted.pollAfter()).contains(Duration.ofSeconds(5));

        step(Duration.ofSeconds(5));
        VideoProvider.Observed running = ok(client.retrieve(submitted.id()));
        assertThat(running.observation().status()).isEqualTo(UpstreamStatus.IN_PROGRESS);
        assertThat(running.observation().progress()).isBetween(40, 60);

        step(Duration.ofSeconds(5));
        VideoProvider.Observed done = ok(client.retrieve(submitted.id()));
        assertThat(done.observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(done.pollAfter()).isEmpty();
        try (VideoProvider.Content content = ok(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))) {
            assertThat(content.status()).isEqualTo(200);
            assertThat(content.contentType()).isEqualTo("video/mp4");
            byte[] bytes = content.body().readAllBytes();
            assertThat(new String(bytes, 4, 4)).isEqualTo("ftyp");
        }
        try (VideoProvider.Content part = ok(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.of("bytes=0-9")))) {
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.body().readAllBytes()).hasSize(10);
        }
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.THUMBNAIL, Optional.empty()))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void an_image_reference_becomes_an_image_to_video_task() {
        RunwayHttpClient client = client(0);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        var ref = new VideoProvider.ReferenceUpload(new ReferenceImage("a".repeat(64), "image/png", png.length), png);
        var submit = new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt("animate this"),
                new VideoSpec("gen4_turbo", "10", "960x960"), Optional.of(ref), Optional.empty());
        VideoProvider.Observed submitted = ok(client.submit(submit));
        step(Duration.ofSeconds(10));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
    }

    @Test
    void a_moderation_failure_fails_the_task_as_moderation_blocked_with_runways_code() {
        RunwayHttpClient client = client(0);
        VideoProvider.Observed submitted = ok(client.submit(job("something unsafe [fail]")));
        step(Duration.ofSeconds(10));
        var failed = ok(client.retrieve(submitted.id())).observation();
        assertThat(failed.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo("moderation_blocked");
        assertThat(failed.error().orElseThrow().message()).contains("SAFETY.INPUT.TEXT");
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void a_quality_rejection_keeps_runways_failure_code() {
        RunwayHttpClient client = client(0);
        VideoProvider.Observed submitted = ok(client.submit(job("text in the frame [fail:INTERNAL.BAD_OUTPUT.CODE01]")));
        step(Duration.ofSeconds(10));
        assertThat(ok(client.retrieve(submitted.id())).observation().error().orElseThrow().code()).isEqualTo("INTERNAL.BAD_OUTPUT.CODE01");
    }

    @Test
    void content_is_fetched_from_a_fresh_url_long_after_the_first_one_expired() throws Exception {
        RunwayHttpClient client = client(0);
        VideoProvider.Observed submitted = ok(client.submit(job("kept for days")));
        step(Duration.ofSeconds(10));
        ok(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty())).close();
        step(Duration.ofHours(30));
        try (VideoProvider.Content later = ok(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))) {
            assertThat(later.status()).isEqualTo(200);
        }
    }

    @Test
    void a_throttled_task_is_still_queued() {
        RunwayHttpClient client = client(0);
        VideoProvider.Observed submitted = ok(client.submit(job("waiting its turn [throttle]")));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.QUEUED);
    }

    @Test
    void the_daily_limit_is_rate_limited_and_makes_no_task() throws Exception {
        RunwayHttpClient client = client(1);
        ok(client.submit(job("the only one today")));
        assertThat(failure(client.submit(job("one too many")))).isInstanceOf(Failure.RateLimited.class);
        assertThat(stat("jobs")).isEqualTo(1);
    }

    @Test
    void a_wrong_key_is_misconfigured_and_a_good_one_probes_ok() {
        RunwayHttpClient good = client(0);
        assertThat(ok(good.probe())).isTrue();
        RunwayHttpClient bad = new RunwayHttpClient(RunwayClientConfig.of(sim.runwayBaseUrl(), "key_wrong"));
        assertThat(failure(bad.submit(job("x")))).isInstanceOf(Failure.Misconfigured.class);
        assertThat(failure(bad.probe())).isInstanceOf(Failure.Misconfigured.class);
    }

    @Test
    void cancel_stops_a_running_task_and_an_unknown_task_counts_as_cancelled() {
        RunwayHttpClient client = client(0);
        VideoProvider.Observed submitted = ok(client.submit(job("to be cancelled")));
        step(Duration.ofSeconds(3));
        assertThat(ok(client.cancel(submitted.id()))).isTrue();
        var cancelled = ok(client.retrieve(submitted.id())).observation();
        assertThat(cancelled.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(cancelled.error().orElseThrow().code()).isEqualTo("upstream_cancelled");
        assertThat(ok(client.cancel(new ExternalTaskId("no-such-task")))).isTrue();
    }

    @Test
    void what_runway_cannot_express_is_rejected_before_any_call() throws Exception {
        RunwayHttpClient client = client(0);
        assertThat(failure(client.submit(job("x", new VideoSpec("gen4.5", "12", "1280x720")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("seconds '12'"));
        assertThat(failure(client.submit(job("x", new VideoSpec("gen4.5", "5", "1792x1024")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("size '1792x1024'"));
        assertThat(failure(client.submit(job("x", new VideoSpec("sora-2", "4", "1280x720")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().code()).isEqualTo("unsupported_request"));
        var remix = new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt("x"),
                new VideoSpec("gen4.5", "5", "1280x720"), Optional.empty(), Optional.of(new ExternalTaskId("t1")));
        assertThat(failure(client.submit(remix))).isInstanceOf(Failure.Rejected.class);
        assertThat(stat("requests")).isZero();
    }

    @Test
    void a_create_whose_connection_is_refused_proves_no_task_was_made() {
        RunwayHttpClient nobody = new RunwayHttpClient(RunwayClientConfig.of("http://127.0.0.1:1", "key_test")
                .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(20)));
        assertThat(failure(nobody.submit(job("refused")))).isInstanceOfSatisfying(Failure.Transient.class,
                t -> assertThat(t.maybeReached()).isFalse());
    }

    @Test
    void a_create_answered_5xx_is_not_sent_again_since_runway_has_no_idempotency_key() throws Exception {
        RunwayHttpClient client = client(0);
        sim.faults(Faults.NONE.merge(Map.of("http5xxRate", 1.0)));
        assertThat(failure(client.submit(job("maybe made")))).isInstanceOfSatisfying(Failure.Transient.class,
                t -> assertThat(t.maybeReached()).isTrue());
        assertThat(stat("creates") + stat("errors5xx")).isEqualTo(1);
        sim.faults(Faults.NONE);
        VideoProvider.Observed submitted = ok(client.submit(job("made")));
        sim.faults(Faults.NONE.merge(Map.of("http5xxRate", 1.0)));
        assertThat(failure(client.retrieve(submitted.id()))).isInstanceOf(Failure.Transient.class);
        assertThat(stat("errors5xx")).as("reads are retried").isEqualTo(1 + 3);
    }
}
