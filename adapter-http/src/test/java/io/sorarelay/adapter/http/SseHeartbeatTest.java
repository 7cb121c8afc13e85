package io.sorarelay.adapter.http;

import io.sorarelay.application.service.RelaySettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** An idle stream receives `:ping` comments at the configured heartbeat (15 s by default; short here). */
class SseHeartbeatTest {

    @Test
    @org.junit.jupiter.api.Timeout(60)   // a stream that never pings must fail the test, not hang it
    void an_idle_stream_gets_heartbeats() throws Exception {
        try (HttpFixture f = new HttpFixture(RelaySettings.defaults(), HttpSettings.defaults().withHeartbeat(Duration.ofMillis(200)))) {
            assertThat(f.heartbeats(f.user(), 3)).isEqualTo(3);
            assertThat(HttpSettings.defaults().heartbeat()).as("the default stays under Jetty's 30 s idle timeout").isLessThanOrEqualTo(Duration.ofSeconds(15));
        }
    }
}
