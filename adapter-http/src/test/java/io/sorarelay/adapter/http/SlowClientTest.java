package io.sorarelay.adapter.http;

import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections that hold the server without finishing a request are cut: one that sends nothing (the idle timeout), one
 * that trickles its headers, one that trickles its body. A stream, which sends heartbeats, is not. Short timeouts here
 * (idle 2 s, headers 1 s); each test fails by its socket's read timeout, well past them, if nothing is cut.
 */
class SlowClientTest {
    private static HttpFixture f;
    private static ScheduledExecutorService trickler;

    @BeforeAll static void start() {
        f = new HttpFixture(RelaySettings.defaults().withLimits(0, 0).withSweep(SweepSettings.off()),
                HttpSettings.defaults().withHeartbeat(Duration.ofMillis(200))
                        .withProtection(HttpProtection.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), 1024)));
        trickler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll static void stop() {
        trickler.shutdownNow();
        f.close();
    }

    private static RawHttp raw() throws IOException { return new RawHttp(f.server.port(), Duration.ofSeconds(15)); }

    /** Sends one more byte of {@code text} every 100 ms until the server stops taking them. */
    private static void trickle(RawHttp c, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int[] at = {0};
        trickler.scheduleAtFixedRate(() -> {
            try {
                c.send(new byte[] {bytes[at[0]++ % bytes.length]});
            } catch (IOException e) {
                throw new IllegalStateException("stop");   // ends this schedule
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    @Test
    void a_connection_that_sends_nothing_is_closed_after_the_idle_timeout() throws Exception {
        try (RawHttp c = raw()) {
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void headers_that_trickle_in_are_cut_after_the_header_timeout() throws Exception {
        try (RawHttp c = raw()) {
            c.send("GET /health HTTP/1.1\r\nHost: relay\r\n");
            trickle(c, "X-Slow: still-coming\r\n");   // a byte every 100 ms: never idle, never done
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void a_body_that_trickles_in_is_cut() throws Exception {
        try (RawHttp c = raw()) {
            c.send("POST /api/auth/login HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"username\":");
            trickle(c, " ");   // ten bytes a second against a floor of 1 KiB a second
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void a_request_sent_at_once_is_answered_as_before() throws Exception {
        try (RawHttp c = raw()) {
            RawHttp.Answer a = c.send("GET /health HTTP/1.1\r\nHost: relay\r\n\r\n").answer();
            assertThat(a.status()).isEqualTo(200);
        }
    }

    @Test
    @Timeout(60)
    void a_stream_lives_past_every_timeout_on_its_heartbeats() throws Exception {
        // 25 heartbeats of 200 ms: past the idle timeout (2 s) and twice past the header timeout (1 s).
        assertThat(f.heartbeats(f.user(), 25)).isEqualTo(25);
    }
}
