package io.sorarelay.adapter.seedance;

import com.sun.net.httpserver.HttpServer;
import io.sorarelay.application.port.out.VideoProvider;
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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ark's {@code callback_url}: each task is created with our URL and a per-task token; the simulator posts the finished
 * task there; the token proves the post names our task, and the task is then read from Ark, not taken from the body.
 */
class SeedanceCallbackTest {
    private record Post(Map<String, String> query, byte[] body) {}

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private SoraSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
        if (receiver != null) receiver.stop(0);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            m.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return m;
    }

    @Test
    void a_finished_task_is_announced_to_our_callback_url_and_only_our_token_is_believed() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/callbacks/seedance", exchange -> {
            posts.add(new Post(query(exchange.getRequestURI().getRawQuery()), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_cb").duration(Duration.ofMillis(200)).build());
        String secret = UUID.randomUUID().toString();
        SeedanceHttpClient client = new SeedanceHttpClient(SeedanceClientConfig.of(sim.seedanceBaseUrl(), "key_cb")
                .withCallbacks("http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks/seedance", secret));
        VideoId ours = VideoId.generate(Instant.now(), ThreadLocalRandom.current());
        Result<VideoProvider.Observed> submitted = client.submit(new VideoProvider.SubmitJob(ours, new Prompt("tell me when done"),
                new VideoSpec("doubao-seedance-1-0-pro-250528", "5", "1280x720"), Optional.empty(), Optional.empty()));
        ExternalTaskId id = ((Result.Ok<VideoProvider.Observed>) submitted).value().id();

        await().atMost(Duration.ofSeconds(10)).until(() -> !posts.isEmpty());
        Post post = posts.getFirst();
        assertThat(post.query()).containsEntry("video", ours.value());
        assertThat(client.verifyCallback(post.query().get("video"), post.query().get("token"), post.body())).contains(id);
        assertThat(client.verifyCallback(post.query().get("video"), "forged", post.body())).isEmpty();
        assertThat(client.verifyCallback("vid_other", post.query().get("token"), post.body())).isEmpty();
        Result<VideoProvider.Observed> read = client.retrieve(id);
        assertThat(((Result.Ok<VideoProvider.Observed>) read).value().observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
    }

    @Test
    void without_callbacks_configured_no_post_is_believed() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_cb").build());
        SeedanceHttpClient client = SeedanceHttpClient.create(sim.seedanceBaseUrl(), "key_cb");
        assertThat(client.verifyCallback("vid_x", "anything", "{\"id\":\"cgt-1\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
