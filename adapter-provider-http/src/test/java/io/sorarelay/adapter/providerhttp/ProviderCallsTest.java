package io.sorarelay.adapter.providerhttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sorarelay.application.port.out.VideoProvider.Content;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The toolkit against a loopback server whose answers each test scripts. */
class ProviderCallsTest {
    private static final String KEY = "fake";
    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() { if (server != null) server.stop(0); }

    /** Answers the n-th request (0-based) with {@code statuses[min(n, last)]}, each with the given headers and body. */
    private URI serve(Map<String, String> headers, String body, int... statuses) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", (HttpExchange x) -> {
            int n = hits.getAndIncrement();
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (auth != null) authorizations.add(auth);
            headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(statuses[Math.min(n, statuses.length - 1)], bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) x.getResponseBody().write(bytes);
            x.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    private static ProviderCalls calls(URI base) {
        return new ProviderCalls(ProviderCalls.Settings.of("test", "Upstream", base, Duration.ofSeconds(2), Duration.ofSeconds(5), 3,
                Duration.ofMillis(1), Duration.ofMillis(20)).withBearer(KEY));
    }

    @Test
    void a_read_is_retried_through_5xx_and_carries_the_key() throws IOException {
        ProviderCalls calls = calls(serve(Map.of(), "{\"a\":1}", 503, 200));

        Result<ProviderCalls.Reply> r = calls.call(calls.request("/tasks/1").GET(), calls.idempotent());

        assertThat(r).isInstanceOfSatisfying(Result.Ok.class, ok -> {
            ProviderCalls.Reply reply = (ProviderCalls.Reply) ok.value();
            assertThat(reply.ok()).isTrue();
            assertThat(reply.json().path("a").asInt()).isEqualTo(1);
        });
        assertThat(hits).hasValue(2);
        assertThat(authorizations).containsOnly("Bearer " + KEY);
    }

    @Test
    void a_rate_limit_asking_for_longer_than_the_backoff_cap_is_answered_at_once() throws IOException {
        ProviderCalls calls = calls(serve(Map.of("Retry-After", "60"), "", 429));

        Result<ProviderCalls.Reply> r = calls.call(calls.request("/tasks").GET(), calls.idempotent());

        assertThat(r).isInstanceOfSatisfying(Result.Ok.class, ok -> assertThat(((ProviderCalls.Reply) ok.value()).status()).isEqualTo(429));
        assertThat(hits).hasValue(1);
        assertThat(ProviderCalls.rateLimited(((ProviderCalls.Reply) ((Result.Ok<?>) r).value()).headers()))
                .isEqualTo(new Failure.RateLimited(Duration.ofSeconds(60)));
    }

    @Test
    void a_create_is_not_resent_after_an_answer() throws IOException {
        ProviderCalls calls = calls(serve(Map.of(), "", 503, 200));

        Result<ProviderCalls.Reply> r = calls.call(calls.request("/create").POST(HttpRequest.BodyPublishers.noBody()), calls.unsent());

        assertThat(r).isInstanceOfSatisfying(Result.Ok.class, ok -> assertThat(((ProviderCalls.Reply) ok.value()).status()).isEqualTo(503));
        assertThat(hits).hasValue(1);
    }

    @Test
    void a_refused_connection_is_a_transient_failure_named_as_such() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { port = s.getLocalPort(); }
        ProviderCalls calls = calls(URI.create("http://127.0.0.1:" + port));

        Result<ProviderCalls.Reply> r = calls.call(calls.request("/create").GET(), calls.unsent());

        assertThat(r).isInstanceOfSatisfying(Result.Failed.class, f -> {
            Failure.Transient t = (Failure.Transient) f.failure();
            assertThat(t.reason()).startsWith("connection refused");
            assertThat(t.maybeReached()).as("unreached is reported only when asked for").isTrue();
        });
    }

    @Test
    void a_provider_may_have_calls_that_never_reached_it_reported_as_unreached() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { port = s.getLocalPort(); }
        ProviderCalls calls = new ProviderCalls(ProviderCalls.Settings.of("test", "Upstream", URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 2, Duration.ofMillis(1), Duration.ofMillis(20)).reportingUnreached());

        Result<ProviderCalls.Reply> r = calls.call(calls.request("/create").GET(), calls.unsent());

        assertThat(r).isInstanceOfSatisfying(Result.Failed.class, f -> assertThat(((Failure.Transient) f.failure()).maybeReached()).isFalse());
    }

    @Test
    void a_download_streams_the_body_without_the_key() throws IOException {
        URI base = serve(Map.of("Content-Type", "video/mp4"), "frames", 200);

        Result<Content> r = calls(base).download(URI.create(base + "/v.mp4"), Optional.empty(), ProviderCalls.linkRefused("The link", ""));

        assertThat(r).isInstanceOfSatisfying(Result.Ok.class, ok -> {
            Content c = (Content) ok.value();
            assertThat(c.contentType()).isEqualTo("video/mp4");
            try (InputStream in = c.body()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("frames");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(authorizations).isEmpty();
    }

    @Test
    void a_refused_link_is_mapped_by_status() throws IOException {
        URI base = serve(Map.of(), "", 403, 502);
        ProviderCalls calls = calls(base);
        var refused = ProviderCalls.linkRefused("The link", " (links last a day)");

        assertThat(calls.download(URI.create(base + "/v.mp4"), Optional.empty(), refused))
                .isEqualTo(new Result.Failed<>(new Failure.NotFound("The link answered 403 (links last a day)")));
        assertThat(calls.download(URI.create(base + "/v.mp4"), Optional.empty(), refused))
                .isEqualTo(new Result.Failed<>(new Failure.Transient("The link answered 502", Optional.empty())));
    }

    @Test
    void retry_after_is_read_in_seconds_only() {
        assertThat(ProviderCalls.retryAfter(HttpHeaders.of(Map.of("Retry-After", List.of(" 7 ")), (a, b) -> true))).contains(Duration.ofSeconds(7));
        assertThat(ProviderCalls.retryAfter(HttpHeaders.of(Map.of("Retry-After", List.of("Wed, 21 Oct 2015 07:28:00 GMT")), (a, b) -> true))).isEmpty();
        assertThat(ProviderCalls.transientAnswer("Upstream 503", HttpHeaders.of(Map.of(), (a, b) -> true)))
                .isEqualTo(new Failure.Transient("Upstream 503", Optional.empty()));
    }
}
