package io.sorarelay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lostAnswerRate}: a create makes its job, then its answer is lost (a 5xx or a dropped connection). */
class LostAnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SoraSimulator sim;

    @AfterEach
    void stop() { if (sim != null) sim.close(); }

    private void start() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("k").duration(Duration.ofSeconds(30)).build());
    }

    /** The answer's status, or 0 when the connection was dropped. */
    private int send(HttpRequest.Builder b) throws InterruptedException {
        try {
            return http.send(b.header("Authorization", "Bearer k").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException dropped) {
            return 0;
        }
    }

    private HttpRequest.Builder openAiCreate(String key) {
        return HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a lost cat\"}"));
    }

    private JsonNode stats() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void an_openai_create_makes_its_job_loses_the_answer_and_its_retry_with_the_key_answers_that_job() throws Exception {
        start();
        HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"lostAnswerRate\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(set.body()).path("lostAnswerRate").asDouble()).isEqualTo(1.0);
        for (int i = 0; i < 8; i++)
            assertThat(send(openAiCreate("key-" + i))).as("no answer: a 5xx or a dropped connection").isIn(0, 500, 502, 503);
        assertThat(stats().path("jobs").asLong()).as("every job was made").isEqualTo(8);
        assertThat(stats().path("lostAnswers").asLong()).isEqualTo(8);

        for (int i = 0; i < 8; i++) assertThat(send(openAiCreate("key-" + i))).as("a replay makes no job: its answer arrives").isEqualTo(200);
        JsonNode after = stats();
        assertThat(after.path("jobs").asLong()).isEqualTo(8);
        assertThat(after.path("idempotentReplays").asLong()).isEqualTo(8);
        assertThat(after.path("lostAnswers").asLong()).isEqualTo(8);
    }

    @Test
    void a_runway_create_makes_its_task_and_loses_the_answer_while_reads_answer() throws Exception {
        start();
        sim.faults(Faults.NONE.merge(Map.of("lostAnswerRate", 1)));
        HttpRequest.Builder create = HttpRequest.newBuilder(URI.create(sim.runwayBaseUrl() + "/v1/text_to_video"))
                .header("X-Runway-Version", "2024-11-06").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gen4.5\",\"promptText\":\"a lost cat\",\"ratio\":\"1280:720\",\"duration\":5}"));
        for (int i = 0; i < 4; i++) assertThat(send(create)).isIn(0, 500, 502, 503);
        assertThat(stats().path("jobs").asLong()).isEqualTo(4);
        assertThat(stats().path("lostAnswers").asLong()).isEqualTo(4);
        int read = send(HttpRequest.newBuilder(URI.create(sim.runwayBaseUrl() + "/v1/tasks/00000000-0000-0000-0000-000000000000"))
                .header("X-Runway-Version", "2024-11-06").GET());
        assertThat(read).as("a request that makes no job is answered").isEqualTo(404);
    }

    @Test
    void the_rate_is_read_from_the_environment_and_checked() {
        assertThat(Faults.fromEnv(Map.of("SIM_LOST_ANSWER_RATE", "0.25")).lostAnswerRate()).isEqualTo(0.25);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Faults.NONE.merge(Map.of("lostAnswerRate", 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
