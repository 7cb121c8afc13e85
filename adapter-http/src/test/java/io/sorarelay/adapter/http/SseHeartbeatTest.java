package io.sorarelay.adapter.http;

import io.sorarelay.application.service.RelaySettings;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** An idle stream receives `:ping` comments at the configured heartbeat (15 s by default; short here). */
class SseHeartbeatTest {

    @Test
    @org.junit.jupiter.api.Timeout(60)   // a stream that never pings must fail the test, not hang it
    void an_idle_stream_gets_heartbeats() throws Exception {
        try (HttpFixture f = new HttpFixture(RelaySettings.defaults(), HttpSettings.defaults().withHeartbeat(Duration.ofMillis(200)))) {
            String token = f.user();
            HttpResponse<InputStream> stream = HttpFixture.HTTP.send(f.request("/api/sse/task-updates", token).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            int pings = 0;
            String line;
            while (pings < 3 && (line = in.readLine()) != null) {
                if (line.equals(":ping")) pings++;
            }
            stream.body().close();
            assertThat(pings).isEqualTo(3);
            assertThat(HttpSettings.defaults().heartbeat()).as("the default stays under Jetty's 30 s idle timeout").isLessThanOrEqualTo(Duration.ofSeconds(15));
        }
    }
}
