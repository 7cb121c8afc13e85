package io.sorarelay.adapter.veo;

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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The Veo client against the simulator's Veo mode over loopback; operations age by a clock the test steps. */
class VeoHttpClientTest {
    private static final VideoSpec SPEC = new VideoSpec("veo-3.1-fast-generate-001", "6", "720x1280");
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;

    @AfterEach
    void stop() { if (sim != null) sim.close(); }

    private VeoHttpClient client() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_test").duration(Duration.ofSeconds(10))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
        return new VeoHttpClient(VeoClientConfig.of(sim.veoBaseUrl(), "key_test").withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private void step(Duration d) { now.addAndGet(d.toMillis()); }

    private static VideoProvider.SubmitJob job(String prompt, VideoSpec spec) {
        return new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt(prompt), spec,
                Optional.empty(), Optional.empty());
    }

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
        return new ObjectMapper().readTree(body).path(name).asLong();
    }

    @Test
    void an_operation_is_polled_until_done_and_its_video_downloaded_through_the_files_api() throws Exception {
        VeoHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("a lighthouse in a storm", SPEC)));
        assertThat(submitted.id().value()).startsWith("models/veo-3.1-fast-generate-001/operations/");
        assertThat(submitted.pollAfter()).contains(Duration.ofSeconds(5));

        step(Duration.ofSeconds(5));
        VideoProvider.Observed running = ok(client.retrieve(submitted.id()));
        assertThat(running.observation().status()).isEqualTo(UpstreamStatus.IN_PROGRESS);
        assertThat(running.observation().progress()).as("Veo reports no progress").isZero();
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))).isInstanceOf(Failure.Transient.class);

        step(Duration.ofSeconds(5));
        VideoProvider.Observed done = ok(client.retrieve(submitted.id()));
        assertThat(done.observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(done.pollAfter()).isEmpty();
        try (VideoProvider.Content part = ok(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.of("bytes=0-9")))) {
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.body().readAllBytes()).hasSize(10);
        }
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.THUMBNAIL, Optional.empty()))).isInstanceOf(Failure.NotFound.class);
        assertThat(stat("contentDownloads")).isEqualTo(1);
    }

    @Test
    void a_reference_image_is_sent_inline_as_the_first_frame() {
        VeoHttpClient client = client();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        var ref = new VideoProvider.ReferenceUpload(new ReferenceImage("a".repeat(64), "image/png", png.length), png);
        var submit = new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt("animate this"),
                new VideoSpec("veo-3.1-generate-001", "8", "1920x1080"), Optional.of(ref), Optional.empty());
        VideoProvider.Observed submitted = ok(client.submit(submit));
        step(Duration.ofSeconds(10));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
    }

    @Test
    void filtered_samples_are_a_moderation_refusal_with_googles_reason() {
        VeoHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("something unsafe [fail]", SPEC)));
        step(Duration.ofSeconds(10));
        var failed = ok(client.retrieve(submitted.id())).observation();
        assertThat(failed.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo("moderation_blocked");
        assertThat(failed.error().orElseThrow().message()).contains("safety filters");
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void an_operation_error_fails_the_task_with_googles_message() {
        VeoHttpClient client = client();
        sim.faults(Faults.NONE.merge(Map.of("jobFailRate", 1.0)));
        VideoProvider.Observed submitted = ok(client.submit(job("unlucky", SPEC)));
        step(Duration.ofSeconds(10));
        var failed = ok(client.retrieve(submitted.id())).observation();
        assertThat(failed.error().orElseThrow().code()).isEqualTo("upstream_failed");
        assertThat(failed.error().orElseThrow().message()).contains("code 13");
    }

    @Test
    void a_quota_429_is_rate_limited_and_makes_no_operation() throws Exception {
        VeoHttpClient client = client();
        sim.faults(Faults.NONE.merge(Map.of("http429Rate", 1.0, "retryAfterSeconds", 7)));
        assertThat(failure(client.submit(job("too many", SPEC)))).isInstanceOfSatisfying(Failure.RateLimited.class,
                r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        assertThat(stat("jobs")).isZero();
    }

    @Test
    void a_retired_model_is_misconfiguration_and_a_bad_key_too() {
        VeoHttpClient client = client();
        assertThat(failure(client.submit(job("x", new VideoSpec("veo-3.0-generate-001", "8", "1280x720")))))
                .isInstanceOfSatisfying(Failure.Misconfigured.class, m -> assertThat(m.reason()).contains("no longer available"));
        VeoHttpClient bad = VeoHttpClient.create(sim.veoBaseUrl(), "key_wrong");
        assertThat(failure(bad.submit(job("x", SPEC)))).isInstanceOfSatisfying(Failure.Misconfigured.class,
                m -> assertThat(m.reason()).contains("API key not valid"));
    }

    @Test
    void there_is_no_cancel_a_known_operation_runs_on_and_an_unknown_one_counts_as_cancelled() {
        VeoHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("runs to the end", SPEC)));
        assertThat(ok(client.cancel(submitted.id()))).isFalse();
        step(Duration.ofSeconds(10));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(ok(client.cancel(new ExternalTaskId("models/veo-3.1-generate-001/operations/nobodymadethis")))).isTrue();
    }

    @Test
    void what_veo_cannot_express_is_rejected_before_any_call() throws Exception {
        VeoHttpClient client = client();
        assertThat(failure(client.submit(job("x", new VideoSpec("veo-3.1-generate-001", "5", "1280x720")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("seconds '5'"));
        assertThat(failure(client.submit(job("x", new VideoSpec("veo-3.1-generate-001", "4", "1920x1080")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("8 seconds only"));
        assertThat(failure(client.submit(job("x", new VideoSpec("veo-3.1-generate-001", "8", "1024x1024")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().code()).isEqualTo("unsupported_request"));
        assertThat(stat("requests")).isZero();
    }

    @Test
    void a_lost_create_answer_is_never_sent_again_since_veo_has_no_client_id() throws Exception {
        VeoHttpClient client = client();
        sim.faults(Faults.NONE.merge(Map.of("http5xxRate", 1.0)));
        assertThat(failure(client.submit(job("maybe made", SPEC)))).isInstanceOf(Failure.Transient.class);
        assertThat(stat("requests")).as("one create, not retried").isEqualTo(1);
        sim.faults(Faults.NONE);
        VideoProvider.Observed submitted = ok(client.submit(job("made", SPEC)));
        sim.faults(Faults.NONE.merge(Map.of("http5xxRate", 1.0)));
        assertThat(failure(client.retrieve(submitted.id()))).isInstanceOf(Failure.Transient.class);
        assertThat(stat("errors5xx")).as("reads are retried").isEqualTo(1 + 3);
    }

    @Test
    void a_negative_prompt_is_sent_as_parameters_negative_prompt() {
        VeoHttpClient client = client();
        VideoProvider.SubmitJob plain = job("a lighthouse in fog", SPEC);
        ok(client.submit(new VideoProvider.SubmitJob(plain.idempotencyKey(), plain.prompt(), plain.spec(), Optional.empty(),
                Optional.empty(), Optional.of("no ships"))));
        ok(client.submit(job("a lighthouse at noon", SPEC)));
        assertThat(sim.jobInputs()).containsExactlyInAnyOrder(java.util.Map.of("negativePrompt", "no ships"), java.util.Map.of());
    }
}
