package io.sorarelay.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A create is validated as the real Videos API validated it, and refused in its shape:
 * 400 {@code {"error": {"message", "type": "invalid_request_error", "param", "code"}}}.
 */
class OpenAiVideosValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SoraSimulator sim;

    @BeforeAll
    static void start() { sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("k").duration(Duration.ofMinutes(1)).build()); }

    @AfterAll
    static void stop() { sim.close(); }

    private static HttpResponse<String> create(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Authorization", "Bearer k")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> createMultipart(String... nameValues) throws Exception {
        String b = "validationboundary";
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2)
            body.append("--").append(b).append("\r\nContent-Disposition: form-data; name=\"").append(nameValues[i]).append("\"\r\n\r\n")
                    .append(nameValues[i + 1]).append("\r\n");
        body.append("--").append(b).append("--\r\n");
        return HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Authorization", "Bearer k")
                .header("Content-Type", "multipart/form-data; boundary=" + b).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode refused(HttpResponse<String> r, String param, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("code").asText()).isEqualTo(code);
        return error;
    }

    private static long jobs() throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("jobs").asLong();
    }

    @ParameterizedTest(name = "{0} refuses seconds {1}")
    @CsvSource({"sora-2, 7", "sora-2, 10", "sora-2, 15", "sora-2-pro, 16", "sora-2, 4s", "sora_video2, 4", "sora_video2-portrait, 12",
            "sora_video2-landscape, 8"})
    void seconds_outside_the_models_values_are_refused(String model, String seconds) throws Exception {
        long before = jobs();
        JsonNode error = refused(create("{\"prompt\":\"x\",\"model\":\"" + model + "\",\"seconds\":\"" + seconds + "\"}"), "seconds", "invalid_value");
        assertThat(error.path("message").asText()).startsWith("Invalid value: '" + seconds + "'. Supported values are: ");
        assertThat(jobs()).as("no job made").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} refuses size {1}")
    @CsvSource({"sora-2, 1792x1024", "sora-2, 1024x1792", "sora-2-2025-10-06, 1792x1024", "sora-2-pro, 1920x1080", "sora-2, 1280X720",
            "sora_video2, 1792x1024", "sora_video2-portrait, 1280x720", "sora_video2-landscape, 720x1280"})
    void sizes_outside_the_models_values_are_refused(String model, String size) throws Exception {
        String seconds = model.startsWith("sora_video2") ? "10" : "4";
        refused(create("{\"prompt\":\"x\",\"model\":\"" + model + "\",\"seconds\":\"" + seconds + "\",\"size\":\"" + size + "\"}"),
                "size", "invalid_value");
    }

    @Test
    void sora_2_offers_720p_only_and_the_message_names_its_sizes() throws Exception {
        JsonNode error = refused(create("{\"prompt\":\"x\",\"model\":\"sora-2\",\"size\":\"1792x1024\"}"), "size", "invalid_value");
        assertThat(error.path("message").asText()).isEqualTo("Invalid value: '1792x1024'. Supported values are: '720x1280' and '1280x720'.");
        JsonNode secs = refused(create("{\"prompt\":\"x\",\"seconds\":\"10\"}"), "seconds", "invalid_value");
        assertThat(secs.path("message").asText()).isEqualTo("Invalid value: '10'. Supported values are: '4', '8', and '12'.");
    }

    @Test
    void seconds_and_size_are_strings_not_numbers() throws Exception {
        JsonNode error = refused(create("{\"prompt\":\"x\",\"model\":\"sora-2\",\"seconds\":8}"), "seconds", "invalid_type");
        assertThat(error.path("message").asText()).contains("expected a string", "got a number");
        refused(create("{\"prompt\":\"x\",\"model\":\"sora-2\",\"seconds\":\"8\",\"size\":1280}"), "size", "invalid_type");
        refused(create("{\"prompt\":42}"), "prompt", "invalid_type");
        refused(create("{\"prompt\":\"x\",\"model\":[\"sora-2\"]}"), "model", "invalid_type");
    }

    @Test
    void a_prompt_is_required_and_not_blank() throws Exception {
        JsonNode missing = refused(create("{\"model\":\"sora-2\"}"), "prompt", "missing_required_parameter");
        assertThat(missing.path("message").asText()).isEqualTo("Missing required parameter: 'prompt'.");
        refused(create("{\"prompt\":null}"), "prompt", "missing_required_parameter");
        refused(create("{\"prompt\":\"\"}"), "prompt", "string_below_min_length");
        refused(create("{\"prompt\":\"   \"}"), "prompt", "string_below_min_length");
        refused(create("{\"prompt\":\"" + "a".repeat(32_001) + "\"}"), "prompt", "string_above_max_length");
        assertThat(create("{\"prompt\":\"" + "a".repeat(32_000) + "\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void an_unknown_model_is_refused_naming_the_known_ones() throws Exception {
        JsonNode error = refused(create("{\"prompt\":\"x\",\"model\":\"sora-9\"}"), "model", "invalid_value");
        assertThat(error.path("message").asText()).startsWith("Invalid value: 'sora-9'. Supported values are: 'sora-2', 'sora-2-pro', ");
    }

    @Test
    void a_multipart_create_is_validated_the_same_way() throws Exception {
        refused(createMultipart("prompt", "x", "model", "sora-2", "seconds", "7"), "seconds", "invalid_value");
        refused(createMultipart("prompt", "x", "model", "sora-2", "size", "1024x1792"), "size", "invalid_value");
        refused(createMultipart("model", "sora-2"), "prompt", "missing_required_parameter");
        HttpResponse<String> ok = createMultipart("prompt", "x", "model", "sora-2-pro", "seconds", "12", "size", "1024x1792");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} with seconds {1} and size {2}")
    @CsvSource({"sora-2, 4, 720x1280", "sora-2, 8, 1280x720", "sora-2, 12, 720x1280", "sora-2-pro, 12, 1792x1024", "sora-2-pro, 8, 1024x1792",
            "sora-2-pro, 4, 1280x720", "sora-2-2025-12-08, 8, 1280x720", "sora_video2, 15, 720x1280", "sora_video2-portrait, 10, 720x1280",
            "sora_video2-landscape, 15, 1280x720"})
    void the_models_own_combinations_are_accepted(String model, String seconds, String size) throws Exception {
        HttpResponse<String> r = create("{\"prompt\":\"x\",\"model\":\"" + model + "\",\"seconds\":\"" + seconds + "\",\"size\":\"" + size + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode v = JSON.readTree(r.body());
        assertThat(v.path("model").asText()).isEqualTo(model);
        assertThat(v.path("seconds").asText()).isEqualTo(seconds);
        assertThat(v.path("size").asText()).isEqualTo(size);
    }

    @ParameterizedTest(name = "{0} defaults to {1} s at {2}")
    @CsvSource({"'', 4, 720x1280", "sora-2-pro, 4, 720x1280", "sora_video2, 10, 1280x720", "sora_video2-portrait, 10, 720x1280",
            "sora_video2-landscape, 10, 1280x720"})
    void left_out_fields_take_the_models_defaults(String model, String seconds, String size) throws Exception {
        JsonNode v = JSON.readTree(create(model.isEmpty() ? "{\"prompt\":\"x\"}" : "{\"prompt\":\"x\",\"model\":\"" + model + "\"}").body());
        assertThat(v.path("model").asText()).isEqualTo(model.isEmpty() ? "sora-2" : model);
        assertThat(v.path("seconds").asText()).isEqualTo(seconds);
        assertThat(v.path("size").asText()).isEqualTo(size);
    }

    @Test
    void a_body_that_is_not_a_json_object_is_refused() throws Exception {
        assertThat(JSON.readTree(create("[1]").body()).path("error").path("code").asText()).isEqualTo("invalid_json");
        assertThat(JSON.readTree(create("{not json").body()).path("error").path("code").asText()).isEqualTo("invalid_json");
    }
}
