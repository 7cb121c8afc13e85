package io.sorarelay.sdktests.veovertex;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.GenerateVideosConfig;
import com.google.genai.types.GenerateVideosOperation;
import com.google.genai.types.GenerateVideosResponse;
import com.google.genai.types.GeneratedVideo;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Image;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Google's official Java SDK ({@code com.google.genai:google-genai} 2.3.0, the line that speaks Veo only in Vertex AI
 * mode) drives the simulator's Vertex shape of Veo: {@code :predictLongRunning}, then {@code :fetchPredictOperation}
 * until done, the video inline ({@code bytesBase64Encoded}) or as a Cloud Storage URI; in express mode (API key) and in
 * project mode (an OAuth token, project and location). The SDK's own Vertex converters would fail on a wrong shape.
 */
class VeoVertexSdkFidelityTest {
    private static final String MODEL = "veo-3.1-generate-001";
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;

    @BeforeEach
    void start() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_vertex").duration(Duration.ofSeconds(30))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
    }

    @AfterEach
    void stop() { sim.close(); }

    private HttpOptions http() { return HttpOptions.builder().baseUrl(sim.veoBaseUrl()).build(); }

    private Client express(String key) { return Client.builder().vertexAI(true).apiKey(key).httpOptions(http()).build(); }

    private Client project() {
        return Client.builder().vertexAI(true).project("demo-project").location("us-central1")
                .credentials(GoogleCredentials.create(new AccessToken("key_vertex", null))).httpOptions(http()).build();
    }

    private void finish() { now.addAndGet(Duration.ofSeconds(31).toMillis()); }

    private static GeneratedVideo only(GenerateVideosOperation done) {
        List<GeneratedVideo> videos = done.response().flatMap(GenerateVideosResponse::generatedVideos).orElseThrow();
        assertThat(videos).hasSize(1);
        return videos.getFirst();
    }

    @Test
    void express_mode_generates_polls_and_gets_the_video_inline() {
        Client client = express("key_vertex");
        GenerateVideosOperation op = client.models.generateVideos(MODEL, "a kite", null,
                GenerateVideosConfig.builder().aspectRatio("16:9").resolution("720p").durationSeconds(6).generateAudio(true).build());
        assertThat(op.name()).hasValueSatisfying(n -> assertThat(n).startsWith("publishers/google/models/" + MODEL + "/operations/"));
        assertThat(client.operations.getVideosOperation(op, null).done().orElse(false)).isFalse();
        finish();
        GenerateVideosOperation done = client.operations.getVideosOperation(op, null);
        assertThat(done.done()).contains(true);
        byte[] bytes = only(done).video().flatMap(v -> v.videoBytes()).orElseThrow();
        assertThat(new String(bytes, 4, 4)).isEqualTo("ftyp");
    }

    @Test
    void project_mode_writes_to_cloud_storage_when_asked_and_takes_a_gcs_image() {
        Client client = project();
        Image image = Image.builder().gcsUri("gs://bucket/frame.png").mimeType("image/png").build();
        GenerateVideosOperation op = client.models.generateVideos(MODEL, "animate", image,
                GenerateVideosConfig.builder().aspectRatio("9:16").resolution("1080p").durationSeconds(8).outputGcsUri("gs://bucket/out").build());
        assertThat(op.name()).hasValueSatisfying(n -> assertThat(n).startsWith("projects/demo-project/locations/us-central1/publishers/google/models/"));
        finish();
        assertThat(only(client.operations.getVideosOperation(op, null)).video().flatMap(v -> v.uri()))
                .hasValueSatisfying(u -> assertThat(u).startsWith("gs://bucket/out/").endsWith(".mp4"));
    }

    @Test
    void a_filtered_prompt_and_refusals_reach_the_sdk() {
        Client client = express("key_vertex");
        GenerateVideosOperation op = client.models.generateVideos(MODEL, "unsafe [fail]", null, GenerateVideosConfig.builder().durationSeconds(8).build());
        finish();
        GenerateVideosResponse response = client.operations.getVideosOperation(op, null).response().orElseThrow();
        assertThat(response.raiMediaFilteredCount()).contains(1);
        assertThat(response.generatedVideos().orElse(List.of())).isEmpty();
        assertThatThrownBy(() -> express("key_wrong").models.generateVideos(MODEL, "x", null, GenerateVideosConfig.builder().durationSeconds(8).build()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(401));
        assertThatThrownBy(() -> client.models.generateVideos(MODEL, "x", null, GenerateVideosConfig.builder().durationSeconds(5).build()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo("INVALID_ARGUMENT"));
    }
}
