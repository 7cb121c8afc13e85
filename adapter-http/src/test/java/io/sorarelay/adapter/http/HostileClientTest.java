package io.sorarelay.adapter.http;

import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.domain.PollPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a hostile client tried, each answered in the contract's envelope: bodies past their limit however they are
 * sent, forged webhook headers, files that are not the images they claim to be, more streams than a user needs,
 * numbers past a long, bytes that are not UTF-8, ranges past the end, and the headers every answer carries.
 */
class HostileClientTest {
    static final String METRICS_TOKEN = "metrics-token-for-tests";
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    static final byte[] HTML = "<!doctype html><html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
    static final byte[] ZIP = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private static HttpFixture f;

    @BeforeAll static void start() {
        f = new HttpFixture(RelaySettings.defaults().withLimits(0, 0)
                .withPollPolicy(new PollPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5))).withSweep(SweepSettings.off()),
                HttpSettings.defaults().withBodyLimits(4096, 64 << 10, 64 << 10, 16 << 10).withHeartbeat(Duration.ofMillis(200))
                        .withProtection(HttpProtection.defaults().withStreamCaps(2, 4).withMetricsToken(Optional.of(METRICS_TOKEN))));
    }

    @AfterAll static void stop() { f.close(); }

    private static RawHttp raw() throws Exception { return new RawHttp(f.server.port(), Duration.ofSeconds(10)); }

    // ---- bodies -------------------------------------------------------------------------------------------------

    @Test
    void a_chunked_login_body_past_the_limit_is_refused_without_waiting_for_the_rest() throws Exception {
        try (RawHttp c = raw()) {
            c.send("POST /api/auth/login HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] part = ("{\"username\":\"someone\",\"password\":\"" + "x".repeat(8192)).getBytes(StandardCharsets.UTF_8);
            c.send(RawHttp.chunk(part));   // twice the limit, and the body never ends: only the bytes read can tell
            RawHttp.Answer a = c.answer();
            assertThat(a.status()).isEqualTo(413);
            assertThat(a.body()).contains("\"code\":\"payload_too_large\"").contains("\"success\":false");
        }
    }

    @Test
    void a_chunked_body_within_the_limit_is_read_as_before() throws Exception {
        String name = "chunky" + System.nanoTime() % 100000;
        byte[] body = ("{\"username\":\"" + name + "\",\"password\":\"password-123\"}").getBytes(StandardCharsets.UTF_8);
        try (RawHttp c = raw()) {
            c.send("POST /api/auth/register HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            c.send(RawHttp.chunk(Arrays.copyOfRange(body, 0, 10))).send(RawHttp.chunk(Arrays.copyOfRange(body, 10, body.length))).send(RawHttp.LAST_CHUNK);
            assertThat(c.answer().status()).isEqualTo(201);
        }
    }

    @Test
    void a_chunked_multipart_body_past_the_limit_is_refused() throws Exception {
        String token = f.user();
        String head = "--b0\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nbig\r\n"
                + "--b0\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n";
        try (RawHttp c = raw()) {
            c.send("POST /api/relay/sora/videos HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: multipart/form-data; boundary=b0\r\nTransfer-Encoding: chunked\r\n\r\n");
            c.send(RawHttp.chunk(head.getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < 12; i++) c.send(RawHttp.chunk(new byte[8192]));   // 96 KiB against 64 KiB
            c.send(RawHttp.chunk("\r\n--b0--\r\n".getBytes(StandardCharsets.US_ASCII))).send(RawHttp.LAST_CHUNK);
            RawHttp.Answer a = c.answer();
            assertThat(a.status()).isEqualTo(413);
            assertThat(a.body()).contains("\"code\":\"payload_too_large\"");
        }
        assertThat(f.get("/api/video/stats", token).data().path("total").asInt()).isZero();
    }

    // ---- webhooks -----------------------------------------------------------------------------------------------

    @Test
    void a_webhook_timestamp_past_the_range_of_an_instant_is_a_401() throws Exception {
        for (String ts : List.of("99999999999999999", "-99999999999999999", "9223372036854775807", "not-a-number")) {
            HttpFixture.Reply r = f.send(f.request("/api/video/webhook", null).header("Content-Type", "application/json")
                    .header("webhook-id", "wh-range").header("webhook-timestamp", ts).header("webhook-signature", "v1,AAAA")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"video.completed\",\"data\":{\"id\":\"video_x\"}}")));
            assertThat(r.status()).as(ts).isEqualTo(401);
            assertThat(r.code()).as(ts).isEqualTo("invalid_signature");
        }
    }

    // ---- images -------------------------------------------------------------------------------------------------

    private static HttpFixture.Reply multipart(String token, String partType, byte[] image) throws Exception {
        String head = "--b1\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nfrom a file\r\n"
                + "--b1\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"a.png\"\r\nContent-Type: " + partType + "\r\n\r\n";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(image);
        body.writeBytes("\r\n--b1--\r\n".getBytes(StandardCharsets.US_ASCII));
        return f.send(f.request("/api/relay/sora/videos", token).header("Content-Type", "multipart/form-data; boundary=b1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static HttpFixture.Reply dataUrl(String token, String value) throws Exception {
        return f.post("/api/video/tasks", token, "{\"prompt\":\"from a data url\",\"referenceImage\":\"" + value + "\"}");
    }

    @Test
    void an_upload_whose_bytes_are_not_the_image_it_claims_is_a_415() throws Exception {
        String token = f.user();
        String b64Png = Base64.getEncoder().encodeToString(PNG);
        List<HttpFixture.Reply> refused = List.of(
                multipart(token, "image/png", HTML),
                multipart(token, "image/png", ZIP),
                multipart(token, "image/jpeg", PNG),
                multipart(token, "text/html", HTML),
                dataUrl(token, "data:image/png;base64," + Base64.getEncoder().encodeToString(HTML)),
                dataUrl(token, "data:image/png;base64," + Base64.getEncoder().encodeToString(ZIP)),
                dataUrl(token, "data:image/webp;base64," + b64Png),
                dataUrl(token, Base64.getEncoder().encodeToString(HTML)));
        for (HttpFixture.Reply r : refused) {
            assertThat(r.status()).as(r.raw().body()).isEqualTo(415);
            assertThat(r.code()).isEqualTo("unsupported_media_type");
        }
        assertThat(f.get("/api/video/stats", token).data().path("total").asInt()).as("nothing was created").isZero();

        assertThat(multipart(token, "image/png", PNG).status()).isEqualTo(201);
        assertThat(dataUrl(token, "data:image/png;base64," + b64Png).status()).isEqualTo(201);
        assertThat(dataUrl(token, b64Png).status()).as("bare base64 is sniffed").isEqualTo(201);
    }

    // ---- streams ------------------------------------------------------------------------------------------------

    private static HttpResponse<InputStream> stream(String token) throws Exception {
        return HttpFixture.HTTP.send(f.request("/api/sse/task-updates", token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static void closeAll(List<HttpResponse<InputStream>> streams) throws Exception {
        for (HttpResponse<InputStream> s : streams) s.body().close();
    }

    @Test
    void streams_are_capped_per_user_and_per_node_with_a_429_and_retry_after() throws Exception {
        String alice = f.user(), bob = f.user(), carol = f.user();
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            open.add(stream(alice));
            open.add(stream(alice));
            assertThat(open).allSatisfy(s -> assertThat(s.statusCode()).isEqualTo(200));
            HttpResponse<InputStream> third = stream(alice);
            String refused = new String(third.body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(third.statusCode()).as("a user's third stream").isEqualTo(429);
            assertThat(refused).contains("\"code\":\"too_many_streams\"");
            assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());

            open.add(stream(bob));
            open.add(stream(bob));
            assertThat(open).allSatisfy(s -> assertThat(s.statusCode()).isEqualTo(200));
            HttpResponse<InputStream> fifth = stream(carol);
            fifth.body().close();
            assertThat(fifth.statusCode()).as("the node's fifth stream, of a user with none").isEqualTo(429);
        } finally {
            closeAll(open);
        }
        // A stream that ends gives its place back (the server sees the client gone at its next heartbeat).
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<InputStream> again = stream(carol);
            again.body().close();
            return again.statusCode() == 200;
        });
    }

    // ---- small ones ---------------------------------------------------------------------------------------------

    @Test
    void seconds_past_the_range_of_a_long_are_a_400_not_a_wrapped_value() throws Exception {
        String token = f.user();
        for (String field : List.of("seconds", "duration")) {
            HttpFixture.Reply r = f.post("/api/video/tasks", token, "{\"prompt\":\"x\",\"" + field + "\":18446744073709551620}");
            assertThat(r.status()).as(field).isEqualTo(400);
            assertThat(r.body().path("error").path("details").path("field").asText()).isEqualTo("seconds");
        }
        assertThat(f.post("/api/video/tasks", token, "{\"prompt\":\"x\",\"seconds\":-18446744073709551612}").status()).isEqualTo(400);
        assertThat(f.post("/api/video/tasks", token, "{\"prompt\":\"x\",\"seconds\":4}").status()).isEqualTo(201);
    }

    @Test
    void a_multipart_field_that_is_not_utf8_is_a_400_as_in_json() throws Exception {
        String token = f.user();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("--b2\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nbad ".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        body.writeBytes("\r\n--b2--\r\n".getBytes(StandardCharsets.US_ASCII));
        HttpFixture.Reply r = f.send(f.request("/api/relay/sora/videos", token).header("Content-Type", "multipart/form-data; boundary=b2")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("validation_failed");
        assertThat(r.body().path("error").path("details").path("field").asText()).isEqualTo("prompt");
        assertThat(f.get("/api/video/stats", token).data().path("total").asInt()).isZero();
    }

    @Test
    void unknown_routes_answer_route_not_found_whatever_the_method() throws Exception {
        assertThat(f.get("/no/such/route", null).code()).isEqualTo("route_not_found");
        assertThat(f.post("/no/such/route", null, "{}").code()).isEqualTo("route_not_found");
        assertThat(f.get("/api/video/tasks/x/y/z", f.user()).code()).isEqualTo("route_not_found");
    }

    @Test
    void metrics_need_the_configured_token() throws Exception {
        HttpResponse<String> none = HttpFixture.HTTP.send(f.request("/metrics", null).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).doesNotContain("relay_http_requests");
        HttpResponse<String> wrong = HttpFixture.HTTP.send(f.request("/metrics", "metrics-token-for-test").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> right = HttpFixture.HTTP.send(f.request("/metrics", METRICS_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("relay_sse_open_streams");
    }

    @Test
    void a_range_past_the_end_is_a_416_naming_the_length_and_several_ranges_get_the_whole_file() throws Exception {
        String token = f.user();
        String id = f.create(token, "ranged");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(60)).until(() -> {
            f.pollDue();
            return f.get("/api/video/tasks/" + id, token).data().path("status").asText();
        }, "COMPLETED"::equals);
        String path = "/api/video/tasks/" + id + "/content";
        int length = HttpFixture.HTTP.send(f.request(path, token).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body().length;

        HttpFixture.Reply past = f.send(f.request(path, token).header("Range", "bytes=" + (length + 10) + "-").GET());
        assertThat(past.status()).isEqualTo(416);
        assertThat(past.code()).isEqualTo("range_not_satisfiable");
        assertThat(past.raw().headers().firstValue("Content-Range")).hasValue("bytes */" + length);

        for (String several : List.of("bytes=0-1,5-6", "bytes=9-2", "bytes=x-", "items=0-1")) {
            HttpResponse<byte[]> whole = HttpFixture.HTTP.send(f.request(path, token).header("Range", several).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).as(several).isEqualTo(200);
            assertThat(whole.body()).as(several).hasSize(length);
        }
        HttpResponse<byte[]> tail = HttpFixture.HTTP.send(f.request(path, token).header("Range", "bytes=-10").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).hasSize(10);
        assertThat(tail.headers().firstValue("X-Content-Type-Options")).as("the proxied file too").hasValue("nosniff");
    }

    // ---- headers ------------------------------------------------------------------------------------------------

    @Test
    void every_answer_carries_the_security_headers_and_credentials_are_not_cached() throws Exception {
        String token = f.user();
        List<HttpResponse<String>> answers = List.of(
                HttpFixture.HTTP.send(f.request("/health", null).GET().build(), HttpResponse.BodyHandlers.ofString()),
                HttpFixture.HTTP.send(f.request("/no/such/route", null).GET().build(), HttpResponse.BodyHandlers.ofString()),
                HttpFixture.HTTP.send(f.request("/api/video/tasks", token).GET().build(), HttpResponse.BodyHandlers.ofString()),
                HttpFixture.HTTP.send(f.request("/api/video/tasks", null).GET().build(), HttpResponse.BodyHandlers.ofString()));
        for (HttpResponse<String> r : answers) {
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(r.uri().toString()).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline"));
        }
        String creds = "{\"username\":\"nobody_at_all\",\"password\":\"password-123\"}";
        assertThat(f.post("/api/auth/login", null, creds).raw().headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(f.post("/api/sse/tickets", token, "{}").raw().headers().firstValue("Cache-Control")).hasValue("no-store");

        // What Jetty refuses before any route runs carries them too.
        try (RawHttp c = raw()) {
            RawHttp.Answer a = c.send("GET /health HTTP/1.1\r\nHost: relay\r\nContent-Length: x\r\n\r\n").answer();
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void the_dashboard_needs_nothing_its_policy_forbids() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("..", "web", "public");
        String html = java.nio.file.Files.readString(dir.resolve("index.html"));
        assertThat(java.util.regex.Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("inline script").isFalse();
        assertThat(html).doesNotContainPattern("(?i)<style|\\sstyle=|\\son[a-z]+=|javascript:");
        assertThat(html).containsPattern("<script[^>]*src=\"app.js\"");
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path js : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                assertThat(java.nio.file.Files.readString(js)).as(js.toString())
                        .doesNotContainPattern("\\beval\\(|new Function\\(|setAttribute\\(['\"]style|setAttribute\\(['\"]on|\\.innerHTML\\s*=\\s*`[^`]*<script");
            }
        }
    }
}
