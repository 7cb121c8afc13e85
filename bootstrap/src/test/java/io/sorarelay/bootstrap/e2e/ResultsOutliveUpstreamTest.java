package io.sorarelay.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.files.DirectoryResultStore;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.service.ResultSettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Results outlive the upstream: once the engine has copied a COMPLETED task's video and thumbnail into the results
 * store, the upstream may forget the job (here: it is deleted there) and the content route still serves it, byte for
 * byte and with ranges, and so does a signed link with no credentials.
 */
class ResultsOutliveUpstreamTest {
    private static final String UPSTREAM_KEY = "sk-results-" + UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path dir;
    private SoraSimulator simulator;
    private SoraRelay relay;

    @BeforeEach
    void start() {
        simulator = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(UPSTREAM_KEY).duration(Duration.ofMillis(300)).build());
        relay = SoraRelay.builder()
                .provider(new SoraHttpClient(SoraClientConfig.of(simulator.baseUrl(), UPSTREAM_KEY)))
                .settings(RelayFixture.fastSettings())
                .engine(new SoraRelay.EngineOptions("node-results", 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .results(DirectoryResultStore.open(dir), ResultSettings.defaults(UUID.randomUUID().toString().getBytes()))
                .archiveInterval(Duration.ofMillis(50))
                .http(0, HttpSettings.defaults().withJwtSecret(RelayFixture.JWT_SECRET))
                .build().start();
    }

    @AfterEach
    void stop() {
        if (relay != null) relay.close();
        if (simulator != null) simulator.close();
    }

    private HttpResponse<byte[]> upstreamContent(String externalId, String variant) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/videos/" + externalId + "/content?variant=" + variant))
                .header("Authorization", "Bearer " + UPSTREAM_KEY).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void content_is_served_from_the_store_with_ranges_after_the_upstream_forgot_the_job() throws Exception {
        String base = "http://127.0.0.1:" + relay.httpPort().orElseThrow();
        ApiClient api = ApiClient.newUser(base);
        String id = api.create("a lighthouse that outlives its link", "outlive-1").data().path("videoId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "ARCHIVED".equals(api.task(id).path("result").path("state").asText()));
        JsonNode task = api.task(id);
        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(task.path("result").path("expiresAt").asText()).isNotEmpty();
        // OpenAI's expires_at is when the kept copy goes: the archived result's retention end, in Unix seconds.
        JsonNode video = api.get("/v1/videos/" + id).body();
        assertThat(video.path("expires_at").asLong()).isEqualTo(Instant.parse(task.path("result").path("expiresAt").asText()).getEpochSecond());
        assertThat(api.get("/v1/videos?limit=5").body().path("data").get(0).path("expires_at").asLong())
                .isEqualTo(video.path("expires_at").asLong());
        String externalId = task.path("externalTaskId").asText();
        byte[] original = upstreamContent(externalId, "video").body();
        byte[] originalThumb = upstreamContent(externalId, "thumbnail").body();
        assertThat(original.length).isGreaterThan(1000);

        // The upstream forgets the job: its content is gone there.
        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/videos/" + externalId))
                .header("Authorization", "Bearer " + UPSTREAM_KEY).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(upstreamContent(externalId, "video").statusCode()).isEqualTo(404);

        HttpResponse<byte[]> whole = api.download("/api/video/tasks/" + id + "/content", Optional.empty());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(sha256(whole.body())).isEqualTo(sha256(original));
        HttpResponse<byte[]> part = api.download("/api/video/tasks/" + id + "/content", Optional.of("bytes=100-299"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-299/" + original.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(original, 100, 300));
        HttpResponse<byte[]> tail = api.download("/api/video/tasks/" + id + "/content", Optional.of("bytes=-10"));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(original, original.length - 10, original.length));
        // The stored file's edges: its first byte, its last, and a range running past the end (cut at the end).
        HttpResponse<byte[]> firstByte = api.download("/api/video/tasks/" + id + "/content", Optional.of("bytes=0-0"));
        assertThat(firstByte.statusCode()).isEqualTo(206);
        assertThat(firstByte.headers().firstValue("Content-Range")).hasValue("bytes 0-0/" + original.length);
        assertThat(firstByte.body()).containsExactly(original[0]);
        HttpResponse<byte[]> lastByte = api.download("/api/video/tasks/" + id + "/content", Optional.of("bytes=" + (original.length - 1) + "-"));
        assertThat(lastByte.statusCode()).isEqualTo(206);
        assertThat(lastByte.body()).containsExactly(original[original.length - 1]);
        HttpResponse<byte[]> beyond = api.download("/api/video/tasks/" + id + "/content",
                Optional.of("bytes=" + (original.length - 5) + "-" + (original.length + 100)));
        assertThat(beyond.statusCode()).isEqualTo(206);
        assertThat(beyond.headers().firstValue("Content-Range"))
                .hasValue("bytes " + (original.length - 5) + "-" + (original.length - 1) + "/" + original.length);
        assertThat(beyond.body()).isEqualTo(Arrays.copyOfRange(original, original.length - 5, original.length));
        HttpResponse<byte[]> past = api.download("/api/video/tasks/" + id + "/content", Optional.of("bytes=" + original.length + "-"));
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */" + original.length);
        HttpResponse<byte[]> openAiPart = api.download("/v1/videos/" + id + "/content", Optional.of("bytes=100-299"));
        assertThat(openAiPart.statusCode()).isEqualTo(206);
        assertThat(openAiPart.body()).isEqualTo(Arrays.copyOfRange(original, 100, 300));
        HttpResponse<byte[]> thumb = api.download("/api/video/tasks/" + id + "/content?variant=thumbnail", Optional.empty());
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.body()).isEqualTo(originalThumb);

        // The stored file is the one whose digest was recorded.
        assertThat(sha256(Files.readAllBytes(dir.resolve("videos/" + id + "/video")))).isEqualTo(sha256(original));

        // A signed link plays the stored video with no credentials, ranges included.
        ApiClient.Reply link = api.send(api.request("/api/video/tasks/" + id + "/content").header("Accept", "application/json").GET());
        assertThat(link.status()).isEqualTo(200);
        HttpResponse<byte[]> played = HTTP.send(HttpRequest.newBuilder(URI.create(base + link.data().path("url").asText()))
                .header("Range", "bytes=0-99").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(played.statusCode()).isEqualTo(206);
        assertThat(played.body()).isEqualTo(Arrays.copyOfRange(original, 0, 100));
    }
}
