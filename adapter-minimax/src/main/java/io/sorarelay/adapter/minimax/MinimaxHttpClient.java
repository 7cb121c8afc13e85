package io.sorarelay.adapter.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link VideoProvider} over MiniMax's Hailuo API: {@code POST /v1/video_generation}, {@code GET
 * /v1/query/video_generation}, then {@code GET /v1/files/retrieve} for the file's {@code download_url}, a public link
 * fetched without our key. MiniMax takes no client id and lists no tasks, so a create whose answer was lost is never
 * sent again: retried only when the connection was refused, otherwise {@link Failure.Transient} "outcome unknown"
 * (docs/providers.md). There is no cancel.
 */
public final class MinimaxHttpClient implements VideoProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A task id no task has: the query answers 2013 with a good key and 1004 with a bad one. */
    private static final String NO_TASK = "0";

    private final MinimaxClientConfig config;
    private final HttpClient http;
    private final Retry idempotent;
    private final Retry unsent;

    private record Reply(int status, java.net.http.HttpHeaders headers, byte[] body) {
        JsonNode json() {
            try {
                return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        boolean ok() { return status / 100 == 2 && MinimaxTasks.code(json()) == 0; }

        /** Worth another try: a 5xx, a 429, or MiniMax's own "rate limit" and "unknown error" codes. */
        boolean retryable() {
            JsonNode body = json();
            if (body.path("status").isTextual()) return false;   // a task's answer, even a failed task's
            int code = MinimaxTasks.code(body);
            return status >= 500 || status == 429 || code == 1002 || code == 1000 || code == 1001;
        }
    }

    public MinimaxHttpClient(MinimaxClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.idempotent = Retry.of("minimax", RetryConfig.<Reply>custom()
                .maxAttempts(config.maxAttempts())
                .retryExceptions(IOException.class)
                .retryOnResult(Reply::retryable)
                .intervalBiFunction(this::backoff)
                .build());
        this.unsent = Retry.of("minimax-create", RetryConfig.<Reply>custom()
                .maxAttempts(config.maxAttempts())
                .retryExceptions(ConnectException.class)
                .intervalBiFunction(this::backoff)
                .build());
    }

    /** The client the bootstrap wires for a {@code minimax} channel. */
    public static MinimaxHttpClient create(String baseUrl, String apiKey) { return new MinimaxHttpClient(MinimaxClientConfig.of(baseUrl, apiKey)); }

    /**
     * The answer to MiniMax's first POST to a {@code callback_url}, {@code {"challenge": …}} echoed (within 3 s), or
     * empty when the body is not a challenge.
     */
    public static Optional<byte[]> challengeAnswer(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.path("challenge").isTextual()) return Optional.empty();
            ObjectNode answer = JSON.createObjectNode().put("challenge", n.path("challenge").asText());
            return Optional.of(JSON.writeValueAsBytes(answer));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A status update MiniMax POSTed to our {@code callback_url} as an observation; MiniMax signs nothing (docs/providers.md). */
    public static Optional<Observed> callback(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? Optional.empty() : MinimaxTasks.observed(n, Duration.ofSeconds(10));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public MinimaxClientConfig config() { return config; }

    private long backoff(int attempt, Either<Throwable, Reply> outcome) {
        long capped = Math.min(config.initialBackoff().toMillis() << Math.min(attempt - 1, 16), config.maxBackoff().toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    @Override
    public Result<Observed> submit(SubmitJob job) {
        ObjectNode body;
        try {
            body = MinimaxRequests.create(job, config.callbackUrl(), JSON);
        } catch (MinimaxRequests.Unsupported e) {
            return new Result.Failed<>(new Failure.Rejected(e.error()));
        }
        HttpRequest.Builder request;
        try {
            request = request("/v1/video_generation").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return call(request, unsent).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(MinimaxTasks.classify(r.status(), r.json(), true, MinimaxTasks.retryAfter(r.headers())));
            String id = r.json().path("task_id").asText("");
            if (id.isBlank()) return new Result.Failed<>(new Failure.Transient("MiniMax accepted the create without a task id", Optional.empty()));
            return new Result.Ok<>(new Observed(new ExternalTaskId(id), UpstreamObservation.queued(), Optional.of(config.pollInterval())));
        });
    }

    @Override
    public Result<Observed> retrieve(ExternalTaskId id) {
        return task(id.value()).flatMap(t -> MinimaxTasks.observed(t, config.pollInterval()).<Result<Observed>>map(Result.Ok::new)
                .orElseGet(() -> new Result.Failed<>(new Failure.Transient("unreadable MiniMax task", Optional.empty()))));
    }

    /** MiniMax has no cancel: a known task runs on while the relay stops watching it ({@code false}); an unknown one counts as cancelled. */
    @Override
    public Result<Boolean> cancel(ExternalTaskId id) {
        Result<JsonNode> task = task(id.value());
        if (task instanceof Result.Failed<JsonNode> f && f.failure() instanceof Failure.NotFound) return new Result.Ok<>(true);
        return task.flatMap(t -> new Result.Ok<>(false));
    }

    /** Query → {@code file_id} → files/retrieve → {@code download_url}, fetched without our key. */
    @Override
    public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        if (variant != Variant.VIDEO) return new Result.Failed<>(new Failure.NotFound("MiniMax makes no " + variant.name().toLowerCase(Locale.ROOT)));
        return task(id.value()).flatMap(t -> {
            String status = t.path("status").asText("");
            String fileId = t.path("file_id").asText("");
            if ("Fail".equals(status)) return new Result.Failed<>(new Failure.NotFound("the MiniMax task failed; it has no video"));
            if (!"Success".equals(status) || fileId.isBlank())
                return new Result.Failed<>(new Failure.Transient("the MiniMax task has not finished (" + status + ")", Optional.empty()));
            return call(request("/v1/files/retrieve?file_id=" + encode(fileId)).GET(), idempotent).flatMap(r -> {
                if (!r.ok()) return new Result.Failed<>(MinimaxTasks.classify(r.status(), r.json(), false, MinimaxTasks.retryAfter(r.headers())));
                String url = r.json().path("file").path("download_url").asText("");
                if (url.isBlank()) return new Result.Failed<>(new Failure.Transient("MiniMax gave no download_url", Optional.empty()));
                return download(URI.create(url), range);
            });
        });
    }

    @Override
    public Result<Boolean> probe() {
        Result<JsonNode> r = task(NO_TASK);
        if (r instanceof Result.Failed<JsonNode> f && f.failure() instanceof Failure.NotFound) return new Result.Ok<>(true);
        return r.flatMap(t -> new Result.Ok<>(true));
    }

    private Result<JsonNode> task(String id) {
        return call(request("/v1/query/video_generation?task_id=" + encode(id)).GET(), idempotent).flatMap(r -> {
            JsonNode body = r.json();
            // A failed task's query carries the failure's code in base_resp: it is the task's answer, not an error.
            boolean answered = r.status() / 100 == 2 && body.path("status").isTextual() && !body.path("task_id").asText("").isBlank();
            if (r.ok() || answered) return new Result.Ok<>(body);
            return new Result.Failed<>(MinimaxTasks.classify(r.status(), body, false, MinimaxTasks.retryAfter(r.headers())));
        });
    }

    private Result<Content> download(URI url, Optional<String> range) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(config.requestTimeout()).GET();
        range.ifPresent(r -> b.header("Range", r));
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new Result.Failed<>(new Failure.Transient(describe(e), Optional.empty()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Failed<>(new Failure.Transient("interrupted", Optional.empty()));
        }
        int status = r.statusCode();
        if (status == 200 || status == 206) {
            return new Result.Ok<>(new Content(status, r.headers().firstValue("Content-Type").orElse("video/mp4"),
                    r.headers().firstValueAsLong("Content-Length"), r.headers().firstValue("Content-Range"), r.body()));
        }
        try (InputStream ignored = r.body()) {
            // drained and closed: only the status matters
        } catch (IOException ignored) {
            // nothing left to read
        }
        if (status == 416) return new Result.Ok<>(new Content(416, "video/mp4", OptionalLong.of(0), r.headers().firstValue("Content-Range"),
                InputStream.nullInputStream()));
        if (status == 403 || status == 404) return new Result.Failed<>(new Failure.NotFound("MiniMax's download_url answered " + status));
        return new Result.Failed<>(new Failure.Transient("MiniMax's download_url answered " + status, Optional.empty()));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + path)).timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + config.apiKey()).header("Accept", "application/json");
    }

    private Result<Reply> call(HttpRequest.Builder builder, Retry retry) {
        HttpRequest request = builder.build();
        try {
            return new Result.Ok<>(retry.executeCallable(() -> {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                return new Reply(r.statusCode(), r.headers(), r.body());
            }));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Failed<>(new Failure.Transient("interrupted", Optional.empty()));
        } catch (IOException e) {
            return new Result.Failed<>(new Failure.Transient(describe(e), Optional.empty()));
        } catch (Exception e) {
            return new Result.Failed<>(new Failure.Transient("MiniMax call failed: " + e.getClass().getSimpleName(), Optional.empty()));
        }
    }

    private static String describe(IOException e) {
        String kind = e instanceof HttpTimeoutException ? "timeout (outcome unknown)" : e instanceof ConnectException ? "connection refused"
                : "connection error (outcome unknown)";
        return kind + " (" + e.getClass().getSimpleName() + ")";
    }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
