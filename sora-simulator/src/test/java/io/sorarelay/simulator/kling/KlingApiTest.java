package io.sorarelay.simulator.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's Kling mode over loopback: JWT checks, the task envelope, external ids, families and listing. */
class KlingApiTest {
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

    /** An HS256 token as Kling's docs describe it, valid from {@code nbfOffset} to {@code expOffset} seconds from now. */
    private static String jwt(String ak, String sk, long nbfOffset, long expOffset) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long t = Instant.now().getEpochSecond();
        String head = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(("{\"iss\":\"" + ak + "\",\"nbf\":" + (t + nbfOffset) + ",\"exp\":" + (t + expOffset) + "}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(sk.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return head + "." + body + "." + b64.encodeToString(mac.doFinal((head + "." + body).getBytes(StandardCharsets.US_ASCII)));
    }

    private HttpResponse<String> send(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.klingBaseUrl() + path)).header("Authorization", "Bearer " + token);
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tokens_are_checked_with_klings_auth_codes() throws Exception {
        String body = "{\"model_name\":\"kling-v2-5-turbo\",\"prompt\":\"x\"}";
        assertThat(JSON.readTree(send("/v1/videos/text2video", jwt("key_test", "key_test", -5, -1), body).body()).path("code").asInt()).isEqualTo(1004);
        assertThat(JSON.readTree(send("/v1/videos/text2video", jwt("key_test", "key_test", 60, 600), body).body()).path("code").asInt()).isEqualTo(1003);
        HttpResponse<String> forged = send("/v1/videos/text2video", jwt("key_test", "other", -5, 600), body);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(forged.body()).path("code").asInt()).isEqualTo(1002);
    }

    @Test
    void a_task_is_found_by_its_id_or_external_id_on_its_own_family_only_and_listed() throws Exception {
        String token = jwt("key_test", "key_test", -5, 600);
        JsonNode created = JSON.readTree(send("/v1/videos/text2video", token,
                "{\"model_name\":\"kling-v2-5-turbo\",\"prompt\":\"a boat\",\"duration\":\"10\",\"external_task_id\":\"ours-1\"}").body());
        assertThat(created.path("code").asInt()).isZero();
        assertThat(created.path("data").path("task_status").asText()).isEqualTo("submitted");
        String id = created.path("data").path("task_id").asText();
        now.addAndGet(10_000);
        JsonNode byExternal = JSON.readTree(send("/v1/videos/text2video/ours-1", token, null).body()).path("data");
        assertThat(byExternal.path("task_id").asText()).isEqualTo(id);
        assertThat(byExternal.path("task_status").asText()).isEqualTo("succeed");
        assertThat(byExternal.path("task_result").path("videos").path(0).path("duration").asText()).isEqualTo("10");
        assertThat(send("/v1/videos/image2video/" + id, token, null).statusCode()).isEqualTo(404);
        JsonNode listed = JSON.readTree(send("/v1/videos/text2video?pageNum=1&pageSize=10", token, null).body()).path("data");
        assertThat(listed).hasSize(1);
        JsonNode duplicate = JSON.readTree(send("/v1/videos/text2video", token,
                "{\"model_name\":\"kling-v2-5-turbo\",\"prompt\":\"again\",\"external_task_id\":\"ours-1\"}").body());
        assertThat(duplicate.path("code").asInt()).isEqualTo(1201);
    }

    @Test
    void invalid_inputs_are_refused_with_code_1201() throws Exception {
        String token = jwt("key_test", "key_test", -5, 600);
        assertThat(JSON.readTree(send("/v1/videos/text2video", token, "{\"model_name\":\"kling-v2-5-turbo\",\"prompt\":\"x\",\"duration\":5}").body())
                .path("code").asInt()).isEqualTo(1201);
        assertThat(JSON.readTree(send("/v1/videos/image2video", token, "{\"model_name\":\"kling-v2-1\",\"image\":\"data:image/png;base64,AA\"}").body())
                .path("code").asInt()).isEqualTo(1201);
    }
}
