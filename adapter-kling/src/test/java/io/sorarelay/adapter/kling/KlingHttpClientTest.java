package io.sorarelay.adapter.kling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Kling client against the simulator's Kling mode over loopback; tasks age by a clock the test steps. */
class KlingHttpClientTest {
    private static final VideoSpec SPEC = new VideoSpec("kling-v2-5-turbo", "10", "1080x1920");
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
        if (receiver != null) receiver.stop(0);
    }

    private KlingHttpClient client() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_test").duration(Duration.ofSeconds(10))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
        return new KlingHttpClient(KlingClientConfig.of(sim.klingBaseUrl(), "key_test", "key_test").withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private void step(Duration d) { now.addAndGet(d.toMillis()); }

    private static VideoProvider.SubmitJob job(String prompt) {
        return new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt(prompt), SPEC,
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
    void a_task_is_polled_to_succeed_and_its_video_downloaded_from_the_public_url() throws Exception {
        KlingHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("a red panda on a branch")));
        assertThat(submitted.id().value()).startsWith("text2video/");
        assertThat(submitted.observation().status()).isEqualTo(UpstreamStatus.QUEUED);
        step(Duration.ofSeconds(5));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.IN_PROGRESS);
        step(Duration.ofSeconds(5));
        VideoProvider.Observed done = ok(client.retrieve(submitted.id()));
        assertThat(done.observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(done.pollAfter()).isEmpty();
        try (VideoProvider.Content content = ok(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))) {
            assertThat(new String(content.body().readNBytes(8), 4, 4)).isEqualTo("ftyp");
        }
    }

    @Test
    void a_reference_image_makes_an_image2video_task_read_on_its_own_path() {
        KlingHttpClient client = client();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        var ref = new VideoProvider.ReferenceUpload(new ReferenceImage("a".repeat(64), "image/png", png.length), png);
        var submit = new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt("animate"),
                new VideoSpec("kling-v2-1", "5", "1920x1080"), Optional.of(ref), Optional.empty());
        VideoProvider.Observed submitted = ok(client.submit(submit));
        assertThat(submitted.id().value()).startsWith("image2video/");
        step(Duration.ofSeconds(10));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
    }

    @Test
    void moderation_at_create_is_rejected_and_after_it_fails_the_task() throws Exception {
        KlingHttpClient client = client();
        assertThat(failure(client.submit(job("refused at the door [block]")))).isInstanceOfSatisfying(Failure.Rejected.class,
                r -> assertThat(r.error().code()).isEqualTo("moderation_blocked"));
        assertThat(stat("jobs")).isZero();
        VideoProvider.Observed submitted = ok(client.submit(job("refused later [fail]")));
        step(Duration.ofSeconds(10));
        var failed = ok(client.retrieve(submitted.id())).observation();
        assertThat(failed.error().orElseThrow().code()).isEqualTo("moderation_blocked");
        assertThat(failed.error().orElseThrow().message()).contains("risk control");
    }

    @Test
    void a_rate_limit_is_rate_limited_and_makes_no_task() throws Exception {
        KlingHttpClient client = client();
        sim.faults(Faults.NONE.merge(Map.of("http429Rate", 1.0, "retryAfterSeconds", 3)));
        assertThat(failure(client.submit(job("too many")))).isInstanceOfSatisfying(Failure.RateLimited.class,
                r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
        assertThat(stat("jobs")).isZero();
    }

    @Test
    void a_create_sent_again_after_a_lost_answer_finds_the_first_task_by_external_task_id() throws Exception {
        KlingHttpClient client = client();
        VideoProvider.SubmitJob job = job("made once");
        VideoProvider.Observed first = ok(client.submit(job));
        VideoProvider.Observed again = ok(client.submit(job));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(stat("jobs")).isEqualTo(1);

        sim.faults(Faults.NONE.merge(Map.of("http5xxRate", 1.0)));
        assertThat(failure(client.submit(job("never reached Kling")))).isInstanceOf(Failure.Transient.class);
        sim.faults(Faults.NONE);
        assertThat(stat("jobs")).isEqualTo(1);
    }

    @Test
    void an_expired_token_or_a_wrong_secret_is_misconfiguration() {
        KlingHttpClient good = client();
        assertThat(ok(good.probe())).isTrue();
        KlingClientConfig base = KlingClientConfig.of(sim.klingBaseUrl(), "key_test", "key_test");
        KlingClientConfig past = new KlingClientConfig(base.baseUrl(), base.accessKey(), base.secretKey(), base.connectTimeout(), base.requestTimeout(),
                1, base.initialBackoff(), base.maxBackoff(), base.pollInterval(), Optional.empty(),
                InstantSource.fixed(Instant.now().minus(Duration.ofHours(1))));
        assertThat(failure(new KlingHttpClient(past).submit(job("x")))).isInstanceOfSatisfying(Failure.Misconfigured.class,
                m -> assertThat(m.reason()).contains("1004"));
        assertThat(failure(KlingHttpClient.create(sim.klingBaseUrl(), "key_test", "other").probe())).isInstanceOf(Failure.Misconfigured.class);
    }

    @Test
    void there_is_no_cancel_a_known_task_runs_on() {
        KlingHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("runs on")));
        assertThat(ok(client.cancel(submitted.id()))).isFalse();
        assertThat(ok(client.cancel(new ExternalTaskId("text2video/000")))).isTrue();
    }

    @Test
    void kling_posts_the_task_to_the_callback_url_with_our_video_id_as_it_runs_and_finishes() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        AtomicReference<String> path = new AtomicReference<>();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/kling", ex -> {
            path.set(ex.getRequestURI().getPath());
            received.add(ex.getRequestBody().readAllBytes());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_cb").duration(Duration.ofMillis(200)).build());
        KlingHttpClient client = new KlingHttpClient(KlingClientConfig.of(sim.klingBaseUrl(), "key_cb", "key_cb")
                .withCallbackUrl(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/kling")));
        VideoProvider.SubmitJob job = job("called back");
        VideoProvider.Observed submitted = ok(client.submit(job));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(path.get()).isEqualTo("/hooks/kling/" + job.idempotencyKey());
        List<VideoProvider.Observed> hinted = received.stream().map(b -> client.readCallback(Optional.of(submitted.id()), b))
                .map(r -> ((VideoProvider.CallbackReading.News) r).observed()).toList();
        assertThat(hinted).allSatisfy(h -> assertThat(h.id()).isEqualTo(submitted.id()));
        assertThat(hinted.stream().map(h -> h.observation().status()).toList())
                .containsExactlyInAnyOrder(UpstreamStatus.IN_PROGRESS, UpstreamStatus.COMPLETED);
    }

    @Test
    void a_negative_prompt_is_sent_as_negative_prompt_and_one_over_kling_s_limit_is_refused_before_any_call() throws Exception {
        KlingHttpClient client = client();
        VideoProvider.SubmitJob plain = job("a heron in reeds");
        VideoProvider.SubmitJob negative = new VideoProvider.SubmitJob(plain.idempotencyKey(), plain.prompt(), plain.spec(),
                Optional.empty(), Optional.empty(), Optional.of("no boats"));
        ok(client.submit(negative));
        assertThat(sim.jobInputs()).containsExactly(java.util.Map.of("negative_prompt", "no boats"));

        VideoProvider.SubmitJob tooLong = new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()),
                plain.prompt(), plain.spec(), Optional.empty(), Optional.empty(), Optional.of("x".repeat(2501)));
        assertThat(failure(client.submit(tooLong))).isInstanceOfSatisfying(Failure.Rejected.class,
                r -> assertThat(r.error().message()).contains("negativePrompt"));
        assertThat(stat("creates")).isEqualTo(1);
    }
}
