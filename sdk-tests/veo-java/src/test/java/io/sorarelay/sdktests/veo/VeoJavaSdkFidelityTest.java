package io.sorarelay.sdktests.veo;

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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Google's official Java SDK ({@code com.google.genai:google-genai} 1.80.0, pinned in the root pom; from 2.x on the SDK
 * refuses {@code generateVideos} outside Vertex AI, while 1.80 still speaks Veo on the Gemini API) drives the simulator's Veo
 * mode with its base URL pointed at it: {@code models.generateVideos}, {@code operations.getVideosOperation} until done,
 * {@code files.download}; a filtered prompt, a retired model and a bad key. If the simulator did not speak the Gemini
 * API's wire format (operation names, {@code generateVideoResponse.generatedSamples}, file ids, error bodies), the SDK's
 * own converters would fail here.
 */
class VeoJavaSdkFidelityTest {
    private static final String MODEL = "veo-3.1-generate-001";
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;
    private Client client;

    @BeforeEach
    void start() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_sdk").duration(Duration.ofSeconds(30))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
        client = client("key_sdk");
    }

    @AfterEach
    void stop() { sim.close(); }

    private Client client(String key) {
        return Client.builder().apiKey(key).vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(sim.veoBaseUrl()).apiVersion("v1beta").build()).build();
    }

    private void finish() { now.addAndGet(Duration.ofSeconds(31).toMillis()); }

    private static GenerateVideosConfig config() {
        return GenerateVideosConfig.builder().aspectRatio("9:16").resolution("720p").durationSeconds(6).numberOfVideos(1)
                .negativePrompt("blur").personGeneration("allow_all").build();
    }

    @Test
    void generate_poll_and_download_a_video() throws Exception {
        GenerateVideosOperation op = client.models.generateVideos(MODEL, "a paper boat on a river", null, config());
        assertThat(op.name()).hasValueSatisfying(n -> assertThat(n).startsWith("models/" + MODEL + "/operations/"));
        assertThat(op.done().orElse(false)).isFalse();

        GenerateVideosOperation running = client.operations.getVideosOperation(op, null);
        assertThat(running.done().orElse(false)).isFalse();

        finish();
        GenerateVideosOperation done = client.operations.getVideosOperation(op, null);
        assertThat(done.done()).contains(true);
        assertThat(done.error()).isEmpty();
        List<GeneratedVideo> videos = done.response().flatMap(GenerateVideosResponse::generatedVideos).orElseThrow();
        assertThat(videos).hasSize(1);
        assertThat(videos.getFirst().video().flatMap(v -> v.uri())).hasValueSatisfying(u -> assertThat(u).contains("/files/"));

        Path file = Files.createTempFile("veo-sdk", ".mp4");
        try {
            client.files.download(videos.getFirst(), file.toString(), null);
            byte[] bytes = Files.readAllBytes(file);
            assertThat(new String(bytes, 4, 4)).isEqualTo("ftyp");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void image_to_video_sends_the_image_inline() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        Image image = Image.builder().imageBytes(png).mimeType("image/png").build();
        GenerateVideosOperation op = client.models.generateVideos(MODEL, "animate it", image,
                GenerateVideosConfig.builder().aspectRatio("16:9").resolution("1080p").durationSeconds(8).build());
        finish();
        assertThat(client.operations.getVideosOperation(op, null).response().flatMap(GenerateVideosResponse::generatedVideos).orElseThrow()).hasSize(1);
    }

    @Test
    void a_filtered_prompt_finishes_without_samples_and_with_the_filter_count() {
        GenerateVideosOperation op = client.models.generateVideos(MODEL, "something unsafe [fail]", null, config());
        finish();
        GenerateVideosResponse response = client.operations.getVideosOperation(op, null).response().orElseThrow();
        assertThat(response.raiMediaFilteredCount()).contains(1);
        assertThat(response.raiMediaFilteredReasons().orElseThrow()).hasSize(1);
        assertThat(response.generatedVideos().orElse(List.of())).isEmpty();
    }

    @Test
    void refusals_reach_the_sdk_as_api_exceptions_with_googles_status() {
        assertThatThrownBy(() -> client.models.generateVideos("veo-3.0-generate-001", "gone", null, config()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.status()).isEqualTo("NOT_FOUND");
                });
        assertThatThrownBy(() -> client.models.generateVideos(MODEL, "too long", null,
                GenerateVideosConfig.builder().durationSeconds(5).build()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo("INVALID_ARGUMENT"));
        assertThatThrownBy(() -> client("key_wrong").models.generateVideos(MODEL, "x", null, config()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.message()).contains("API key not valid"));
    }
}
