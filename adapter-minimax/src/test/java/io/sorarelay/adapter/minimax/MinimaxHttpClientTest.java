package io.sorarelay.adapter.minimax;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The MiniMax client against the simulator's MiniMax mode over loopback; tasks age by a clock the test steps. */
class MinimaxHttpClientTest {
    private static final VideoSpec SPEC = new VideoSpec("MiniMax-Hailuo-2.3", "10", "1366x768");
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
        if (receiver != null) receiver.stop(0);
    }

    private MinimaxHttpClient client() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_test").duration(Duration.ofSeconds(10))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
        return new MinimaxHttpClient(MinimaxClientConfig.of(sim.minimaxBaseUrl(), "key_test").withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));
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
    void a_task_is_polled_to_success_and_its_video_fetched_through_the_file_step() throws Exception {
        MinimaxHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("a tram in the rain", SPEC)));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.QUEUED);
        step(Duration.ofSeconds(5));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.IN_PROGRESS);
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))).isInstanceOf(Failure.Transient.class);
        step(Duration.ofSeconds(5));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        try (VideoProvider.Content content = ok(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.of("bytes=0-7")))) {
            assertThat(content.status()).isEqualTo(206);
            assertThat(new String(content.body().readAllBytes(), 4, 4)).isEqualTo("ftyp");
        }
    }

    @Test
    void a_reference_image_is_sent_as_the_first_frame() {
        MinimaxHttpClient client = client();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        var ref = new VideoProvider.ReferenceUpload(new ReferenceImage("a".repeat(64), "image/png", png.length), png);
        var submit = new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt("animate"),
                new VideoSpec("MiniMax-Hailuo-2.3-Fast", "6", "1920x1080"), Optional.of(ref), Optional.empty());
        VideoProvider.Observed submitted = ok(client.submit(submit));
        step(Duration.ofSeconds(10));
        assertThat(ok(client.retrieve(submitted.id())).observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
    }

    @Test
    void sensitive_input_is_rejected_at_create_and_sensitive_output_fails_the_task() throws Exception {
        MinimaxHttpClient client = client();
        assertThat(failure(client.submit(job("refused [block]", SPEC)))).isInstanceOfSatisfying(Failure.Rejected.class,
                r -> assertThat(r.error().code()).isEqualTo("moderation_blocked"));
        assertThat(stat("jobs")).isZero();
        VideoProvider.Observed submitted = ok(client.submit(job("refused later [fail]", SPEC)));
        step(Duration.ofSeconds(10));
        var failed = ok(client.retrieve(submitted.id())).observation();
        assertThat(failed.error().orElseThrow().code()).isEqualTo("moderation_blocked");
        assertThat(failed.error().orElseThrow().message()).contains("1027");
        assertThat(failure(client.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))).isInstanceOf(Failure.NotFound.class);
    }

    @Test
    void a_rate_limit_is_rate_limited_and_makes_no_task() throws Exception {
        MinimaxHttpClient client = client();
        sim.faults(Faults.NONE.merge(Map.of("http429Rate", 1.0, "retryAfterSeconds", 4)));
        assertThat(failure(client.submit(job("too many", SPEC)))).isInstanceOfSatisfying(Failure.RateLimited.class,
                r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(4)));
        assertThat(stat("jobs")).isZero();
    }

    @Test
    void a_lost_create_answer_is_never_sent_again_since_minimax_has_no_client_id() throws Exception {
        MinimaxHttpClient client = client();
        sim.faults(Faults.NONE.merge(Map.of("http5xxRate", 1.0)));
        assertThat(failure(client.submit(job("maybe made", SPEC)))).isInstanceOfSatisfying(Failure.Transient.class,
                t -> assertThat(t.reason()).contains("1000"));
        assertThat(stat("requests")).as("one create, not retried").isEqualTo(1);
    }

    @Test
    void what_hailuo_cannot_make_is_rejected_before_any_call_and_a_bad_key_is_misconfiguration() throws Exception {
        MinimaxHttpClient client = client();
        assertThat(failure(client.submit(job("x", new VideoSpec("MiniMax-Hailuo-2.3", "10", "1920x1080")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("6 seconds only"));
        assertThat(failure(client.submit(job("x", new VideoSpec("MiniMax-Hailuo-2.3", "5", "1366x768")))))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().message()).contains("seconds '5'"));
        assertThat(stat("requests")).isZero();
        assertThat(failure(MinimaxHttpClient.create(sim.minimaxBaseUrl(), "key_wrong").submit(job("x", SPEC)))).isInstanceOf(Failure.Misconfigured.class);
    }

    @Test
    void there_is_no_cancel_a_known_task_runs_on() {
        MinimaxHttpClient client = client();
        VideoProvider.Observed submitted = ok(client.submit(job("runs on", SPEC)));
        assertThat(ok(client.cancel(submitted.id()))).isFalse();
        assertThat(ok(client.cancel(new ExternalTaskId("404404")))).isTrue();
    }

    @Test
    void the_callback_url_answers_the_challenge_then_receives_the_task_as_it_runs_and_finishes() throws Exception {
        List<byte[]> updates = new CopyOnWriteArrayList<>();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/minimax", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            Optional<byte[]> echo = MinimaxHttpClient.challengeAnswer(body);
            if (echo.isPresent()) {
                ex.sendResponseHeaders(200, echo.get().length);
                ex.getResponseBody().write(echo.get());
            } else {
                updates.add(body);
                ex.sendResponseHeaders(200, -1);
            }
            ex.close();
        });
        receiver.start();
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_cb").duration(Duration.ofMillis(200)).build());
        MinimaxHttpClient client = new MinimaxHttpClient(MinimaxClientConfig.of(sim.minimaxBaseUrl(), "key_cb")
                .withCallbackUrl(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/minimax")));
        VideoProvider.Observed submitted = ok(client.submit(job("called back", SPEC)));
        await().atMost(Duration.ofSeconds(10)).until(() -> updates.size() == 2);
        List<VideoProvider.Observed> hinted = updates.stream().map(b -> MinimaxHttpClient.callback(b).orElseThrow()).toList();
        assertThat(hinted).allSatisfy(h -> assertThat(h.id()).isEqualTo(submitted.id()));
        assertThat(hinted.stream().map(h -> h.observation().status()).toList())
                .containsExactlyInAnyOrder(UpstreamStatus.IN_PROGRESS, UpstreamStatus.COMPLETED);
    }
}
