package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The contract's routes over real HTTP. */
class HttpApiTest {
    private static HttpFixture f;

    @BeforeAll static void start() { f = HttpFixture.start(); }

    @AfterAll static void stop() { f.close(); }

    @Test
    void register_login_and_the_envelope() throws Exception {
        HttpFixture.Reply reg = f.post("/api/auth/register", null, "{\"username\":\"envelope_user\",\"password\":\"password-123\"}");
        assertThat(reg.status()).isEqualTo(201);
        assertThat(reg.body().path("success").asBoolean()).isTrue();
        assertThat(reg.body().path("requestTime").asText()).endsWith("Z");
        assertThat(reg.data().path("user").path("username").asText()).isEqualTo("envelope_user");
        assertThat(f.post("/api/auth/register", null, "{\"username\":\"ENVELOPE_user\",\"password\":\"password-123\"}").status()).isEqualTo(409);
        HttpFixture.Reply bad = f.post("/api/auth/login", null, "{\"username\":\"envelope_user\",\"password\":\"wrong-password\"}");
        HttpFixture.Reply unknown = f.post("/api/auth/login", null, "{\"username\":\"nobody_here\",\"password\":\"wrong-password\"}");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(bad.body().path("message")).isEqualTo(unknown.body().path("message"));
        assertThat(bad.body().path("success").asBoolean(true)).isFalse();
        assertThat(bad.body().path("error").path("code").asText()).isEqualTo(bad.code());
        HttpFixture.Reply shortPassword = f.post("/api/auth/register", null, "{\"username\":\"abc_def\",\"password\":\"short\"}");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.body().path("error").path("details").path("field").asText()).isEqualTo("password");
    }

    @Test
    void create_by_json_multipart_and_the_originals_legacy_form() throws Exception {
        String token = f.user();
        HttpFixture.Reply json = f.post("/api/relay/sora/videos", token,
                "{\"prompt\":\"a cat\",\"model\":\"sora-2\",\"seconds\":\"8\",\"size\":\"720x1280\",\"clientRequestId\":\"k-1\"}");
        assertThat(json.status()).isEqualTo(201);
        assertThat(json.data().path("status").asText()).isEqualTo("QUEUED");
        assertThat(json.data().path("seconds").asText()).isEqualTo("8");
        HttpFixture.Reply replay = f.post("/api/relay/sora/videos", token,
                "{\"prompt\":\"a cat\",\"model\":\"sora-2\",\"seconds\":\"8\",\"size\":\"720x1280\",\"clientRequestId\":\"k-1\"}");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(f.post("/api/relay/sora/videos", token, "{\"prompt\":\"a dog\",\"clientRequestId\":\"k-1\"}").status()).isEqualTo(422);

        byte[] png = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        String boundary = "b0undary";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nfrom an image\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"clientRequestId\"\r\n\r\nk-2\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n";
        byte[] body = concat(head.getBytes(StandardCharsets.UTF_8), png, ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpFixture.Reply multipart = f.send(f.request("/api/relay/sora/videos", token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(multipart.status()).as(multipart.raw().body()).isEqualTo(201);
        assertThat(multipart.data().path("clientRequestId").asText()).isEqualTo("k-2");

        HttpFixture.Reply legacy = f.post("/api/video/tasks", token, "{\"prompt\":\"old client\",\"model\":\"sora_video2\",\"duration\":15,"
                + "\"aspectRatio\":\"9:16\",\"referenceImage\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"}");
        assertThat(legacy.status()).as(legacy.raw().body()).isEqualTo(201);
        assertThat(legacy.data().path("size").asText()).isEqualTo("720x1280");
        assertThat(legacy.data().path("seconds").asText()).isEqualTo("15");

        HttpFixture.Reply badModel = f.post("/api/relay/sora/videos", token, "{\"prompt\":\"x\",\"model\":\"sora-9\"}");
        assertThat(badModel.status()).isEqualTo(400);
        assertThat(badModel.body().path("error").path("details").path("field").asText()).isEqualTo("model");
        assertThat(f.post("/api/relay/sora/videos", token, "{\"prompt\":\"x\",\"aspectRatio\":\"4:3\"}").status()).isEqualTo(400);
        assertThat(f.post("/api/relay/sora/videos", token, "{\"prompt\":\"" + "p".repeat(4001) + "\"}").status()).isEqualTo(400);
        assertThat(f.send(f.request("/api/relay/sora/videos", token).header("Content-Type", "application/json").header("Idempotency-Key", "a")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\",\"clientRequestId\":\"b\"}"))).status()).isEqualTo(400);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) { System.arraycopy(p, 0, out, at, p.length); at += p.length; }
        return out;
    }

    @Test
    void list_by_cursor_and_by_page_stats_and_models() throws Exception {
        String token = f.user();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(f.create(token, "p" + i));
            long createdMillis = System.currentTimeMillis();
            // Each task in a later millisecond than the one before, so newest-first has one answer.
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > createdMillis);
        }
        HttpFixture.Reply first = f.get("/api/video/tasks?limit=2", token);
        assertThat(first.data().path("tasks")).extracting(t -> t.path("videoId").asText()).containsExactly(ids.get(4), ids.get(3));
        HttpFixture.Reply second = f.get("/api/video/tasks?limit=2&cursor=" + first.data().path("nextCursor").asText(), token);
        assertThat(second.data().path("tasks")).extracting(t -> t.path("videoId").asText()).containsExactly(ids.get(2), ids.get(1));
        HttpFixture.Reply page = f.get("/api/video/tasks?page=2&pageSize=2&order=asc", token);
        assertThat(page.data().path("total").asInt()).isEqualTo(5);
        assertThat(page.data().path("tasks")).extracting(t -> t.path("videoId").asText()).containsExactly(ids.get(2), ids.get(3));
        assertThat(f.get("/api/video/tasks?status=completed", token).data().path("tasks")).isEmpty();
        assertThat(f.get("/api/video/tasks?status=done", token).status()).isEqualTo(400);
        assertThat(f.get("/api/video/tasks?limit=101", token).status()).isEqualTo(400);
        HttpFixture.Reply stats = f.get("/api/video/stats", token);
        assertThat(stats.data().path("total").asInt()).isEqualTo(5);
        assertThat(stats.data().path("queued").asInt()).isEqualTo(5);
        assertThat(f.get("/api/models", token).data().path("models")).extracting(m -> m.path("name").asText()).contains("sora-2", "sora_video2");
    }

    @Test
    void a_completed_task_serves_its_content_through_the_relay_with_ranges() throws Exception {
        String token = f.user();
        String id = f.create(token, "to download");
        HttpFixture.Reply early = f.get("/api/video/tasks/" + id + "/content", token);
        assertThat(early.status()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(60)).until(() -> {
            f.pollDue();
            return f.get("/api/video/tasks/" + id, token).data().path("status").asText();
        }, "COMPLETED"::equals);
        HttpResponse<byte[]> video = HttpFixture.HTTP.send(f.request("/api/video/tasks/" + id + "/content", token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(video.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(new String(video.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        HttpResponse<byte[]> part = HttpFixture.HTTP.send(f.request("/api/video/tasks/" + id + "/content", token).header("Range", "bytes=100-199")
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(100);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + video.body().length);
        HttpFixture.Reply asJson = f.send(f.request("/api/video/tasks/" + id + "/content", token).header("Accept", "application/json").GET());
        // As JSON: a signed, short-lived link that plays with no header at all (what a <video src> does).
        String link = asJson.data().path("url").asText();
        assertThat(link).startsWith("/api/video/results/" + id + "?variant=video&expires=");
        assertThat(java.time.Instant.parse(asJson.data().path("expiresAt").asText())).isAfter(java.time.Instant.now());
        HttpResponse<byte[]> played = HttpFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base() + link))
                .header("Range", "bytes=100-199").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(played.statusCode()).isEqualTo(206);
        assertThat(played.body()).isEqualTo(part.body());
        HttpResponse<String> bent = HttpFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base()
                + link.replace("variant=video", "variant=thumbnail"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bent.statusCode()).isEqualTo(401);
        assertThat(bent.body()).contains("link_invalid");
        // Without a results store nothing is archived: the task view says its result is still the upstream's.
        JsonNode view = f.get("/api/video/tasks/" + id, token).data();
        assertThat(view.path("result").path("state").asText()).isEqualTo("PENDING");
        assertThat(view.path("result").path("expiresAt").isNull()).isTrue();
        HttpResponse<byte[]> thumb = HttpFixture.HTTP.send(f.request("/api/video/tasks/" + id + "/content?variant=thumbnail", token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        // One reading of variant for /api and /v1 (OpenAI's names): a spritesheet too, and anything else is a 400 naming it.
        HttpResponse<byte[]> sprites = HttpFixture.HTTP.send(f.request("/api/video/tasks/" + id + "/content?variant=spritesheet", token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(sprites.statusCode()).isEqualTo(200);
        assertThat(sprites.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        HttpFixture.Reply spritesLink = f.send(f.request("/api/video/tasks/" + id + "/content?variant=spritesheet", token)
                .header("Accept", "application/json").GET());
        assertThat(spritesLink.data().path("url").asText()).startsWith("/api/video/results/" + id + "?variant=spritesheet&expires=");
        HttpResponse<byte[]> spritesPlayed = HttpFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base()
                + spritesLink.data().path("url").asText())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(spritesPlayed.body()).isEqualTo(sprites.body());
        for (String route : List.of("/api/video/tasks/" + id + "/content?variant=poster", link.replace("variant=video", "variant=poster"))) {
            HttpFixture.Reply poster = f.get(route, token);
            assertThat(poster.status()).as(route).isEqualTo(400);
            assertThat(poster.code()).as(route).isEqualTo("validation_failed");
            assertThat(poster.body().path("error").path("details").path("field").asText()).as(route).isEqualTo("variant");
        }
    }

    @Test
    void the_openapi_document_lists_exactly_the_registered_routes() throws Exception {
        JsonNode doc = f.get("/openapi.json", null).body();
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            doc.path("paths").path(path).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
        }
        assertThat(documented).isEqualTo(new TreeSet<>(f.server.routes()));
    }

    @Test
    void health_readiness_and_metrics() throws Exception {
        assertThat(f.get("/health", null).status()).isEqualTo(200);
        assertThat(f.get("/health/live", null).status()).isEqualTo(200);
        HttpFixture.Reply ready = f.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.data().path("checks").path("upstream").asText()).isEqualTo("UP");
        f.get("/api/video/stats", f.user());
        HttpResponse<String> metrics = HttpFixture.HTTP.send(f.request("/metrics", null).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("relay_http_requests_seconds_count").contains("relay_sse_open_streams");
        assertThat(f.get("/no/such/route", null).status()).isEqualTo(404);
        assertThat(f.get("/no/such/route", null).body().path("success").asBoolean(true)).isFalse();
    }

    @Test
    void webhooks_need_a_valid_signature_and_apply_once() throws Exception {
        String token = f.user();
        String id = f.create(token, "webhooked");
        String external = await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
            String e = f.get("/api/video/tasks/" + id, token).data().path("externalTaskId").asText("");
            if (e.isEmpty() || e.equals("null")) f.services.engine().pollDue("w", 10);
            return e;
        }, e -> !e.isEmpty() && !e.equals("null"));
        io.sorarelay.adapter.sora.StandardWebhookVerifier signer = new io.sorarelay.adapter.sora.StandardWebhookVerifier(HttpFixture.WEBHOOK_SECRET,
                java.time.InstantSource.system());
        byte[] body = ("{\"id\":\"evt_1\",\"type\":\"video.failed\",\"data\":{\"id\":\"" + external + "\"}}").getBytes(StandardCharsets.UTF_8);
        long ts = System.currentTimeMillis() / 1000;
        HttpFixture.Reply unsigned = f.send(f.request("/api/video/webhook", null).header("Content-Type", "application/json")
                .header("webhook-id", "wh-1").header("webhook-timestamp", Long.toString(ts)).header("webhook-signature", "v1,AAAA")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(f.get("/api/video/tasks/" + id, token).data().path("status").asText()).isNotEqualTo("FAILED");
        HttpRequest.Builder signed = f.request("/api/video/webhook", null).header("Content-Type", "application/json")
                .header("webhook-id", "wh-1").header("webhook-timestamp", Long.toString(ts)).header("webhook-signature", signer.sign("wh-1", ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpFixture.Reply first = f.send(signed);
        assertThat(first.status()).isEqualTo(200);
        HttpFixture.Reply again = f.send(signed);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.data().path("result").asText()).isEqualTo("duplicate");
    }

    /** Reads SSE lines until {@code count} data lines arrived. */
    private static List<String> readEvents(InputStream in, int count) throws Exception {
        List<String> lines = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int data = 0;
        String line;
        while (data < count && (line = r.readLine()) != null) {
            lines.add(line);
            if (line.startsWith("data:")) data++;
        }
        return lines;
    }

    @Test
    void sse_by_ticket_replays_after_last_event_id_and_resets_on_an_unknown_id() throws Exception {
        String token = f.user();
        String id = f.create(token, "streamed");
        f.create(token, "streamed too");
        String ticket = f.post("/api/sse/tickets", token, "{}").data().path("ticket").asText();
        HttpResponse<InputStream> stream = HttpFixture.HTTP.send(f.request("/api/sse/task-updates?ticket=" + ticket + "&lastEventId=0", null)
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> lines = readEvents(stream.body(), 2);
        stream.body().close();
        assertThat(lines).contains(":ok", "retry: 3000", "id: 1", "id: 2");
        assertThat(lines.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow()).contains("\"type\":\"taskUpdate\"").contains(id);
        assertThat(f.get("/api/sse/task-updates?ticket=" + ticket, null).status()).as("a ticket is single use").isEqualTo(401);

        HttpResponse<InputStream> after = HttpFixture.HTTP.send(f.request("/api/sse/task-updates", token).header("Last-Event-ID", "1").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> replay = readEvents(after.body(), 1);
        after.body().close();
        assertThat(replay).contains("id: 2").doesNotContain("id: 1");

        HttpResponse<InputStream> unknown = HttpFixture.HTTP.send(f.request("/api/sse/task-updates", token).header("Last-Event-ID", "999").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> reset = readEvents(unknown.body(), 1);
        unknown.body().close();
        assertThat(reset.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow()).contains("\"type\":\"reset\"");
        assertThat(f.get("/api/sse/task-updates?token=" + token, null).status()).as("query tokens are off by default").isEqualTo(401);
        assertThat(f.get("/api/sse/stats", token).data().has("yourStreams")).isTrue();
    }
}
