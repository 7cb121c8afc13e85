package io.sorarelay.adapter.sora;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.sorarelay.application.port.out.VideoProvider.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** One line per upstream call that failed, or that needed retries, after its retries; never the key. */
class UpstreamLogTest {
    private static final String KEY = "sk-upstream-log-secret";
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(UpstreamLog.class);
    private HttpServer upstream;

    @BeforeEach
    void capture() {
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(null);
        if (upstream != null) upstream.stop(0);
    }

    /** An upstream answering {@code statuses} in turn, then its last one for ever. */
    private SoraHttpClient client(int... statuses) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            int status = statuses[Math.min(calls.getAndIncrement(), statuses.length - 1)];
            byte[] body = (status == 200 ? "{\"data\":[],\"has_more\":false}" : "{\"error\":{\"code\":\"down\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        return new SoraHttpClient(SoraClientConfig.of("http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1", KEY)
                .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(20)));
    }

    private record Line(String level, String message, Map<String, Object> fields) {}

    private List<Line> lines() {
        return appender.list.stream().map(e -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (KeyValuePair p : e.getKeyValuePairs() == null ? List.<KeyValuePair>of() : e.getKeyValuePairs()) fields.put(p.key, p.value);
            return new Line(e.getLevel().toString(), e.getFormattedMessage(), fields);
        }).toList();
    }

    @Test
    void a_call_that_fails_after_its_retries_is_one_warning_with_status_and_attempts() throws IOException {
        assertThat(client(503).probe()).isInstanceOf(Result.Failed.class);
        assertThat(lines()).singleElement().satisfies(l -> {
            assertThat(l.level()).isEqualTo("WARN");
            assertThat(l.message()).isEqualTo("upstream error");
            assertThat(l.fields()).containsEntry("method", "GET").containsEntry("path", "/v1/videos").containsEntry("status", 503)
                    .containsEntry("attempts", 3).containsEntry("outcome", "gave_up");
        });
    }

    @Test
    void a_call_that_succeeds_after_a_retry_says_so() throws IOException {
        assertThat(client(503, 200).probe()).isInstanceOf(Result.Ok.class);
        assertThat(lines()).singleElement().satisfies(l -> {
            assertThat(l.message()).isEqualTo("upstream recovered");
            assertThat(l.fields()).containsEntry("status", 200).containsEntry("attempts", 2).containsEntry("outcome", "succeeded_after_retry");
        });
    }

    @Test
    void a_call_that_succeeds_at_once_logs_nothing() throws IOException {
        assertThat(client(200).probe()).isInstanceOf(Result.Ok.class);
        assertThat(lines()).isEmpty();
    }

    @Test
    void refused_credentials_are_an_error_and_the_key_is_never_logged() throws IOException {
        client(401).probe();
        assertThat(lines()).singleElement().satisfies(l -> {
            assertThat(l.level()).isEqualTo("ERROR");
            assertThat(l.fields()).containsEntry("status", 401);
        });
        assertThat(lines()).noneSatisfy(l -> assertThat(l.toString()).contains(KEY));
    }

    @Test
    void an_upstream_that_is_not_listening_is_logged_with_its_cause() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) { closed = s.getLocalPort(); }
        SoraHttpClient nobody = new SoraHttpClient(SoraClientConfig.of("http://127.0.0.1:" + closed + "/v1", KEY)
                .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(10)));
        assertThat(nobody.probe()).isInstanceOf(Result.Failed.class);
        assertThat(lines()).singleElement().satisfies(l -> assertThat(l.fields())
                .containsEntry("cause", "connection refused (ConnectException)").containsEntry("attempts", 2).containsEntry("outcome", "gave_up"));
    }
}
