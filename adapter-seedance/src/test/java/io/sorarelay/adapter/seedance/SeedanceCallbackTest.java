package io.sorarelay.adapter.seedance;

import com.sun.net.httpserver.HttpServer;
import io.sorarelay.adapter.providerhttp.CallbackUrls;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.CallbackReading;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UpstreamObservation.UpstreamStatus;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ark's {@code callback_url}: each task is created with the URL configured for it; the simulator posts the task object
 * on its state changes, and {@link SeedanceHttpClient#readCallback} reads each post as a read of the task. The post's
 * body follows Ark's query answer (the reference's example: https://www.volcengine.com/docs/82379/1521309; the callback
 * carries the same body, per https://www.volcengine.com/docs/6492/2165104).
 */
class SeedanceCallbackTest {
    /** Ark's example answer to "query a video generation task" (the signed link's query string left out). */
    static final String DOC_TASK = """
            {"id": "cgt-20250702010712-qm644", "model": "doubao-seedance-1-0-pro-250528",
             "usage": {"total_tokens": 246840, "completion_tokens": 246840}, "status": "succeeded",
             "content": {"video_url": "https://ark-content-generation-cn-beijing.tos-cn-beijing.volces.com/doubao-seedance-1-0-pro/example.mp4"},
             "created_at": 1751389632, "updated_at": 1751389678}""";

    private record Post(String path, byte[] body) {}

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private SoraSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
        if (receiver != null) receiver.stop(0);
    }

    @Test
    void each_task_is_announced_at_its_own_url_on_every_state_change_and_read_like_a_query() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/callbacks/seedance", exchange -> {
            posts.add(new Post(exchange.getRequestURI().getPath(), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_cb").duration(Duration.ofMillis(300)).build());
        SeedanceHttpClient client = new SeedanceHttpClient(SeedanceClientConfig.of(sim.seedanceBaseUrl(), "key_cb")
                .withCallbacks(CallbackUrls.under(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks/seedance"))));
        VideoId ours = VideoId.generate(Instant.now(), ThreadLocalRandom.current());
        Result<VideoProvider.Observed> submitted = client.submit(new VideoProvider.SubmitJob(ours, new Prompt("tell me when done"),
                new VideoSpec("doubao-seedance-1-0-pro-250528", "5", "1280x720"), Optional.empty(), Optional.empty()));
        ExternalTaskId id = ((Result.Ok<VideoProvider.Observed>) submitted).value().id();

        await().atMost(Duration.ofSeconds(10)).until(() -> posts.stream().anyMatch(p -> news(client, id, p).observation().status() == UpstreamStatus.COMPLETED));
        assertThat(posts).allSatisfy(p -> assertThat(p.path()).isEqualTo("/callbacks/seedance/" + ours.value()));
        // queued (at the create), running, succeeded: one post per state, in order
        assertThat(posts.stream().map(p -> news(client, id, p).observation().status()).toList())
                .containsSubsequence(UpstreamStatus.IN_PROGRESS, UpstreamStatus.COMPLETED);
    }

    private static VideoProvider.Observed news(SeedanceHttpClient client, ExternalTaskId id, Post p) {
        CallbackReading r = client.readCallback(Optional.of(id), p.body());
        assertThat(r).isInstanceOf(CallbackReading.News.class);
        VideoProvider.Observed o = ((CallbackReading.News) r).observed();
        assertThat(o.id()).isEqualTo(id);
        return o;
    }

    @Test
    void the_references_task_example_reads_as_a_finished_job_and_other_bodies_are_not_ark_tasks() {
        SeedanceHttpClient client = SeedanceHttpClient.create("http://127.0.0.1:9/api/v3", "key_cb");
        CallbackReading doc = client.readCallback(Optional.empty(), DOC_TASK.getBytes(StandardCharsets.UTF_8));
        assertThat(doc).isInstanceOfSatisfying(CallbackReading.News.class, n -> {
            assertThat(n.observed().id().value()).isEqualTo("cgt-20250702010712-qm644");
            assertThat(n.observed().observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        });
        assertThat(client.readCallback(Optional.empty(), "{\"challenge\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CallbackReading.Unreadable.class);
        assertThat(client.readCallback(Optional.empty(), "not json".getBytes(StandardCharsets.UTF_8))).isInstanceOf(CallbackReading.Unreadable.class);
    }
}
