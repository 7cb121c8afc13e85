package io.sorarelay.simulator.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's MiniMax mode over loopback: base_resp errors, the model rules, statuses and the file step. */
class MinimaxApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;

    @BeforeEach
    void start() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("key_test").duration(Duration.ofSeconds(10))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
    }

    @AfterEach
    void stop() { sim.close(); }

    private JsonNode send(String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.minimaxBaseUrl() + path)).header("Authorization", "Bearer " + key);
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return JSON.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int code(JsonNode n) { return n.path("base_resp").path("status_code").asInt(); }

    @Test
    void a_task_moves_through_minimaxs_statuses_to_a_file_with_a_download_url() throws Exception {
        JsonNode created = send("/v1/video_generation", "key_test", "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"a tram\",\"duration\":10,\"resolution\":\"768P\"}");
        assertThat(code(created)).isZero();
        String id = created.path("task_id").asText();
        assertThat(send("/v1/query/video_generation?task_id=" + id, "key_test", null).path("status").asText()).isEqualTo("Preparing");
        now.addAndGet(5_000);
        assertThat(send("/v1/query/video_generation?task_id=" + id, "key_test", null).path("status").asText()).isEqualTo("Processing");
        now.addAndGet(5_000);
        JsonNode done = send("/v1/query/video_generation?task_id=" + id, "key_test", null);
        assertThat(done.path("status").asText()).isEqualTo("Success");
        assertThat(done.path("video_height").asInt()).isEqualTo(768);
        JsonNode file = send("/v1/files/retrieve?file_id=" + done.path("file_id").asText(), "key_test", null).path("file");
        assertThat(file.path("purpose").asText()).isEqualTo("video_generation");
        assertThat(file.path("download_url").asText()).contains("/minimax/cdn/");
    }

    @Test
    void errors_are_base_resp_codes() throws Exception {
        assertThat(code(send("/v1/video_generation", "key_wrong", "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\"}"))).isEqualTo(1004);
        assertThat(code(send("/v1/video_generation", "key_test", "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\",\"duration\":10,\"resolution\":\"1080P\"}")))
                .isEqualTo(2013);
        assertThat(code(send("/v1/video_generation", "key_test", "{\"model\":\"MiniMax-Hailuo-2.3-Fast\",\"prompt\":\"needs an image\"}"))).isEqualTo(2013);
        assertThat(code(send("/v1/video_generation", "key_test", "{\"model\":\"T2V-01\",\"prompt\":\"x [block]\"}"))).isEqualTo(1026);
        assertThat(code(send("/v1/query/video_generation?task_id=nobody", "key_test", null))).isEqualTo(2013);
    }
}
