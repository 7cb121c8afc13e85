package io.sorarelay.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.memory.InMemoryAdapters;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.out.ReferenceImageStorePort;
import io.sorarelay.application.service.ReferenceImageSettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reference images over the whole relay (HTTP, engine, simulator), in memory and in PostgreSQL: once the tasks that
 * sent an image have completed, the image is deleted (one copy per digest, however many tasks shared it); a task that
 * is still waiting to be submitted keeps its image until it is done.
 */
class ReferenceImageCleanupTest {
    /** A 1×1 PNG; bytes after its end make each image another digest and do not stop it being a PNG. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static final Duration HOLD = Duration.ofSeconds(2);

    enum Mode { MEMORY, POSTGRES }

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    @AfterEach
    void close() throws Exception {
        while (!opened.isEmpty()) opened.pop().close();
    }

    private static byte[] image() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG);
        out.writeBytes(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String create(ApiClient user, byte[] image) {
        ApiClient.Reply r = user.post("/api/video/tasks", "{\"prompt\":\"a paper boat on a pond\",\"referenceImage\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(image) + "\"}");
        assertThat(r.status()).as("create: %s", r).isEqualTo(201);
        return r.data().path("videoId").asText();
    }

    private static String status(ApiClient user, String id) {
        return user.task(id).path("status").asText();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void finished_tasks_images_are_deleted_and_a_waiting_task_keeps_its_own(Mode mode) throws Exception {
        SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-img").duration(Duration.ofMillis(800)).build());
        opened.push(sim);
        SoraRelay.Builder b = SoraRelay.builder().provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-img")));
        ReferenceImageStorePort images;
        if (mode == Mode.POSTGRES) {
            PostgresAdapter pg = TestDatabase.get().newAdapter();
            opened.push(pg);
            b.taskStore(pg.videoTasks()).users(pg.userAccounts()).referenceImages(pg.referenceImages());
            images = pg.referenceImages();
        } else {
            InMemoryAdapters memory = InMemoryAdapters.create(java.time.InstantSource.system());
            b.taskStore(memory.videoTasks()).users(memory.userAccounts()).referenceImages(memory.referenceImages());
            images = memory.referenceImages();
        }
        // The hold has to outlast a create (between storing the image and its task), also on a loaded machine; cleanups
        // run every 100 ms instead of every 30 s.
        SoraRelay relay = b.settings(RelayFixture.fastSettings().withImages(ReferenceImageSettings.defaults().withHold(HOLD)))
                .engine(new SoraRelay.EngineOptions("img-node", 50, Duration.ofMillis(50), Duration.ofMinutes(30))
                        .withMaintenanceInterval(Duration.ofMillis(100)))
                .http(0, HttpSettings.defaults().withJwtSecret(RelayFixture.JWT_SECRET))
                .build().start();
        opened.push(relay);
        ApiClient user = ApiClient.newUser("http://127.0.0.1:" + relay.httpPort().orElseThrow());

        byte[] shared = image();
        byte[] single = image();
        String first = create(user, shared);
        String second = create(user, single);
        String third = create(user, shared);
        await("the tasks with images completed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(user, first).equals("COMPLETED") && status(user, second).equals("COMPLETED")
                        && status(user, third).equals("COMPLETED"));

        // The upstream now refuses every call: the next task stays QUEUED, its submit retried with backoff.
        UpstreamStats.faults(sim.port(), "{\"http5xxRate\":1.0}");
        byte[] waitingImage = image();
        String waiting = create(user, waitingImage);

        await("the completed tasks' images are deleted").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> images.get(sha256(shared)).isEmpty() && images.get(sha256(single)).isEmpty());
        // Cleanups go on every 100 ms, past the waiting image's hold: it stays, because its task still needs it.
        await("the waiting task's image stays").during(HOLD.plusSeconds(1)).atMost(HOLD.plusSeconds(3))
                .until(() -> images.get(sha256(waitingImage)).isPresent());
        assertThat(status(user, waiting)).isEqualTo("QUEUED");

        UpstreamStats.clearFaults(sim.port());
        await("the waiting task completed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(user, waiting).equals("COMPLETED"));
        await("its image is deleted too").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> images.get(sha256(waitingImage)).isEmpty());
        assertThat(images.usage()).isEqualTo(new ReferenceImageStorePort.Usage(0, 0));
        JsonNode done = user.task(waiting);
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        await("the stored-images gauge").atMost(Duration.ofSeconds(5))
                .until(() -> relay.meters().get("relay_reference_images").gauge().value() == 0.0);
        assertThat(relay.meters().get("relay_reference_images_deleted").counter().count()).isEqualTo(3.0);
    }
}
