package io.sorarelay.bootstrap.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A real HTTP client of the relay's contract, as a browser or a script would use it. */
public final class ApiClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final String base;
    public final String token;

    private ApiClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static ApiClient anonymous(String base) { return new ApiClient(base, null); }

    /** Registers a fresh user and logs in. */
    public static ApiClient newUser(String base) {
        ApiClient anon = anonymous(base);
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String creds = "{\"username\":\"" + name + "\",\"password\":\"correct horse battery\"}";
        Reply r = anon.post("/api/auth/register", creds);
        if (r.status() != 201) throw new AssertionError("register: " + r);
        Reply login = anon.post("/api/auth/login", creds);
        if (login.status() != 200) throw new AssertionError("login: " + login);
        return new ApiClient(base, login.data().get("token").asText());
    }

    /** The same user on a new client (a restarted browser): logs in again. */
    public ApiClient withToken(String other) { return new ApiClient(base, other); }

    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        public JsonNode data() { return body.path("data"); }
        public Optional<String> header(String name) { return raw.headers().firstValue(name); }
        @Override public String toString() { return status + " " + raw.body(); }
    }

    public Reply get(String path) { return send(request(path).GET()); }

    public Reply post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply post(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return send(b);
    }

    public HttpResponse<byte[]> download(String path, Optional<String> range) {
        HttpRequest.Builder b = request(path).GET();
        range.ifPresent(r -> b.header("Range", r));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    public Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
            return new Reply(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a task through the relay's multipart-free JSON route with a client request id. */
    public Reply create(String prompt, String clientRequestId) {
        return post("/api/relay/sora/videos", "{\"prompt\":" + JSON.valueToTree(prompt) + ",\"model\":\"sora-2\",\"seconds\":\"4\","
                + "\"size\":\"1280x720\",\"clientRequestId\":\"" + clientRequestId + "\"}");
    }

    public JsonNode task(String videoId) {
        Reply r = get("/api/video/tasks/" + videoId);
        if (r.status() != 200) throw new AssertionError("get " + videoId + ": " + r);
        return r.data();
    }

    /** Every task of this user (pages through the cursor). */
    public java.util.List<JsonNode> allTasks() {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Reply r = get("/api/video/tasks?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            if (r.status() != 200) throw new AssertionError("list: " + r);
            r.data().path("tasks").forEach(out::add);
            JsonNode next = r.data().path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
        } while (cursor != null);
        return out;
    }
}
