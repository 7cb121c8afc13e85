package io.sorarelay.simulator.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.volcengine.ark.runtime.exception.ArkHttpException;
import com.volcengine.ark.runtime.model.content.generation.CreateContentGenerationTaskRequest;
import com.volcengine.ark.runtime.model.content.generation.CreateContentGenerationTaskRequest.Content;
import com.volcengine.ark.runtime.model.content.generation.CreateContentGenerationTaskRequest.ImageUrl;
import com.volcengine.ark.runtime.model.content.generation.DeleteContentGenerationTaskRequest;
import com.volcengine.ark.runtime.model.content.generation.GetContentGenerationTaskRequest;
import com.volcengine.ark.runtime.model.content.generation.GetContentGenerationTaskResponse;
import com.volcengine.ark.runtime.model.content.generation.ListContentGenerationTasksRequest;
import com.volcengine.ark.runtime.model.content.generation.ListContentGenerationTasksResponse;
import com.volcengine.ark.runtime.service.ArkService;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * ByteDance's official Java SDK ({@code com.volcengine:volcengine-java-sdk-ark-runtime}, pinned in the root pom) drives
 * the simulator's Seedance mode: create with text and image parts, get, list with filters, delete (cancel a queued task,
 * delete a finished one), {@code callback_url} deliveries, and its error paths (bad key, 429, moderation, a bad duration).
 */
class SeedanceSdkFidelityTest {
    private static final String KEY = "key-ark-fidelity";
    private static final String MODEL = "doubao-seedance-1-0-pro-250528";
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;
    private ArkService ark;
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (ark != null) ark.shutdownExecutor();
        if (sim != null) sim.close();
        if (receiver != null) receiver.stop(0);
    }

    private ArkService start(InstantSource clock, Duration jobs, String key) {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(KEY).duration(jobs).clock(clock).build());
        return client(key);
    }

    private ArkService client(String key) {
        // No SDK retries: each error below is the simulator's first answer.
        return ArkService.builder().apiKey(key).baseUrl(sim.seedanceBaseUrl()).retryTimes(0).build();
    }

    private ArkService stepped() { return ark = start(() -> Instant.ofEpochMilli(now.get()), Duration.ofSeconds(10), KEY); }

    private static CreateContentGenerationTaskRequest t2v(String prompt) {
        return CreateContentGenerationTaskRequest.builder().model(MODEL)
                .content(List.of(Content.builder().type("text").text(prompt).build()))
                .resolution("720p").ratio("16:9").duration(5L).build();
    }

    private GetContentGenerationTaskResponse get(String id) {
        return ark.getContentGenerationTask(GetContentGenerationTaskRequest.builder().taskId(id).build());
    }

    private void step(Duration d) { now.addAndGet(d.toMillis()); }

    @Test
    void a_task_is_created_read_listed_downloaded_and_deleted() throws Exception {
        stepped();
        String id = ark.createContentGenerationTask(t2v("a kite over the dunes")).getId();
        assertThat(id).startsWith("cgt-");
        assertThat(get(id).getStatus()).isEqualTo("queued");
        step(Duration.ofSeconds(5));
        assertThat(get(id).getStatus()).isEqualTo("running");
        step(Duration.ofSeconds(5));
        GetContentGenerationTaskResponse done = get(id);
        assertThat(done.getStatus()).isEqualTo("succeeded");
        assertThat(done.getError()).isNull();
        assertThat(done.getDuration()).isEqualTo(5L);
        assertThat(done.getResolution()).isEqualTo("720p");
        assertThat(done.getRatio()).isEqualTo("16:9");
        assertThat(done.getFramesPerSecond()).isEqualTo(24L);
        assertThat(done.getUsage().getCompletionTokens()).isEqualTo(1248 * 704 * 24 * 5 / 1024);
        assertThat(done.getCreatedAt()).isEqualTo((now.get() - 10_000) / 1000);

        HttpResponse<byte[]> video = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(done.getContent().getVideoUrl())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(new String(video.body(), 4, 4)).isEqualTo("ftyp");

        ListContentGenerationTasksResponse listed = ark.listContentGenerationTasks(ListContentGenerationTasksRequest.builder()
                .pageNum(1).pageSize(10).status("succeeded").taskIds(List.of(id)).build());
        assertThat(listed.getTotal()).isEqualTo(1);
        assertThat(listed.getItems()).singleElement().satisfies(t -> assertThat(t.getId()).isEqualTo(id));

        ark.deleteContentGenerationTask(DeleteContentGenerationTaskRequest.builder().taskId(id).build());
        ArkHttpException gone = catchThrowableOfType(ArkHttpException.class, () -> get(id));
        assertThat(gone.statusCode).isEqualTo(404);
    }

    @Test
    void an_image_part_makes_an_image_to_video_task_and_a_queued_task_is_cancelled() {
        stepped();
        Content text = Content.builder().type("text").text("it moves").build();
        Content image = Content.builder().type("image_url").role("first_frame")
                .imageUrl(ImageUrl.builder().url("data:image/png;base64,iVBORw0KGgo=").build()).build();
        String id = ark.createContentGenerationTask(CreateContentGenerationTaskRequest.builder().model(MODEL)
                .content(List.of(text, image)).duration(5L).build()).getId();
        ark.deleteContentGenerationTask(DeleteContentGenerationTaskRequest.builder().taskId(id).build());
        assertThat(get(id).getStatus()).isEqualTo("cancelled");

        String running = ark.createContentGenerationTask(t2v("too late to stop")).getId();
        step(Duration.ofSeconds(3));
        ArkHttpException refused = catchThrowableOfType(ArkHttpException.class,
                () -> ark.deleteContentGenerationTask(DeleteContentGenerationTaskRequest.builder().taskId(running).build()));
        assertThat(refused.statusCode).isEqualTo(409);
    }

    @Test
    void moderation_fails_a_task_or_refuses_a_create() {
        stepped();
        String id = ark.createContentGenerationTask(t2v("something it refuses [fail]")).getId();
        step(Duration.ofSeconds(10));
        GetContentGenerationTaskResponse failed = get(id);
        assertThat(failed.getStatus()).isEqualTo("failed");
        assertThat(failed.getError().getCode()).isEqualTo("OutputVideoSensitiveContentDetected");

        ArkHttpException blocked = catchThrowableOfType(ArkHttpException.class, () -> ark.createContentGenerationTask(t2v("no [block]")));
        assertThat(blocked.statusCode).isEqualTo(400);
        assertThat(blocked.code).isEqualTo("InputTextSensitiveContentDetected");
    }

    @Test
    void the_sdk_reads_a_bad_key_a_bad_duration_and_a_429_as_ark_errors() {
        stepped();
        ArkService wrong = client("key-wrong");
        try {
            ArkHttpException badKey = catchThrowableOfType(ArkHttpException.class, () -> wrong.createContentGenerationTask(t2v("x")));
            assertThat(badKey.statusCode).isEqualTo(401);
            assertThat(badKey.code).isEqualTo("AuthenticationError");
        } finally {
            wrong.shutdownExecutor();
        }
        CreateContentGenerationTaskRequest tooLong = t2v("x");
        tooLong.setDuration(60L);
        ArkHttpException invalid = catchThrowableOfType(ArkHttpException.class, () -> ark.createContentGenerationTask(tooLong));
        assertThat(invalid.statusCode).isEqualTo(400);
        assertThat(invalid.code).isEqualTo("InvalidParameter");
        assertThat(invalid.param).isEqualTo("duration");

        sim.faults(Faults.NONE.merge(Map.of("http429Rate", 1.0)));
        ArkHttpException limited = catchThrowableOfType(ArkHttpException.class, () -> ark.createContentGenerationTask(t2v("x")));
        assertThat(limited.statusCode).isEqualTo(429);
        assertThat(limited.type).isEqualTo("TooManyRequests");
    }

    @Test
    void a_task_is_posted_to_its_callback_url_as_the_task_object_when_it_starts_and_finishes() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/ark-callback", exchange -> {
            received.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        ark = start(InstantSource.system(), Duration.ofMillis(200), KEY);
        CreateContentGenerationTaskRequest req = t2v("tell me when done");
        req.setCallbackUrl("http://127.0.0.1:" + receiver.getAddress().getPort() + "/ark-callback?task=ours-1");
        String id = ark.createContentGenerationTask(req).getId();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received).allSatisfy(body -> assertThat(body.path("id").asText()).isEqualTo(id));
        assertThat(received.stream().map(b -> b.path("status").asText()).toList()).containsExactlyInAnyOrder("running", "succeeded");
        assertThat(received).filteredOn(b -> b.path("status").asText().equals("succeeded")).singleElement()
                .satisfies(body -> assertThat(body.path("content").path("video_url").asText()).startsWith("http://"));
    }
}
