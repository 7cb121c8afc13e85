package io.sorarelay.bootstrap.testkit;

import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the tests count as upstream jobs is what the simulator made, not what it was asked: a create cut off before its
 * body arrived (the relay's request timeout, or a killed node, on a loaded machine) reaches the handler and makes no
 * job; its retry with the same key makes the one job.
 */
class UpstreamStatsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "sk-stats";

    private static int create(SoraSimulator sim, String idempotencyKey, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/videos")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void a_create_cut_off_mid_body_and_then_retried_is_one_job() throws Exception {
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(KEY).duration(Duration.ofSeconds(5)).build())) {
            String body = "{\"prompt\":\"a lighthouse\"}";
            try (Socket cut = new Socket(InetAddress.getLoopbackAddress(), sim.port())) {
                OutputStream out = cut.getOutputStream();
                out.write(("POST /v1/videos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\n"
                        + "Idempotency-Key: video_1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 8))
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // The handler has the create and waits for the rest of its body; then the sender is gone.
                await("the create reached its handler").atMost(Duration.ofSeconds(10))
                        .until(() -> UpstreamStats.read(sim.port()).path("creates").asLong() == 1);
            }
            assertThat(create(sim, "video_1", body)).as("the retry").isEqualTo(200);
            assertThat(create(sim, "video_1", body)).as("a replay").isEqualTo(200);
            assertThat(UpstreamStats.jobs(sim.port())).isEqualTo(1);
        }
    }
}
