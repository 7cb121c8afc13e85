package io.sorarelay.adapter.runway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.net.http.HttpHeaders;
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
 * {@link VideoProvider} over Runway's API ({@code /v1/text_to_video}, {@code /v1/image_to_video}, {@code /v1/tasks/{id}}).
 * Reads and cancels are retried on connection errors, timeouts, 5xx and 429 (resilience4j, backoff with jitter,
 * {@code Retry-After} honoured). A create is not: Runway takes no idempotency key, so a create whose answer was lost may
 * have made a task, and sending it again could make a second one; it is retried only when the connection was refused
 * (the request never left). Output URLs are public, signed and short-lived: content is fetched from a fresh URL, without
 * our key, and a URL that expired between the read and the download is read again once.
 */
public final class RunwayHttpClient implements VideoProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A task id no task has: reading it answers 404 with a good key and 401 with a bad one, which is all a probe needs. */
    private static final String NO_TASK = "00000000-0000-0000-0000-000000000000";

    private final RunwayClientConfig config;
    private final HttpClient http;
    private final Retry idempotent;
    private final Retry unsent;

    /** One HTTP answer with its body read (content downloads stream instead). */
    private record Reply(int status, HttpHeaders headers, byte[] body) {
        JsonNode json() {
            try {
                return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        boolean ok() { return status / 100 == 2; }
    }

    public RunwayHttpClient(RunwayClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.idempotent = Retry.of("runway", RetryConfig.<Reply>custom()
                .maxAttempts(config.maxAttempts())
                .retryExceptions(IOException.class)
                .retryOnResult(r -> (r.status() >= 500 || r.status() == 429)
                        && RunwayTasks.retryAfter(r.headers()).map(d -> d.compareTo(config.maxBackoff()) <= 0).orElse(true))
                .intervalBiFunction(this::backoff)
                .build());
        this.unsent = Retry.of("runway-create", RetryConfig.<Reply>custom()
                .maxAttempts(config.maxAttempts())
                .retryExceptions(ConnectException.class)
                .intervalBiFunction(this::backoff)
                .build());
    }

    public RunwayClientConfig config() { return config; }

    private long backoff(int attempt, Either<Throwable, Reply> outcome) {
        if (outcome.isRight()) {
            Optional<Duration> hinted = RunwayTasks.retryAfter(outcome.get().headers());
            if (hinted.isPresent()) return Math.min(hinted.get().toMillis(), config.maxBackoff().toMillis());
        }
        long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);   // "equal jitter"
    }

    // ---- the port -----------------------------------------------------------------------------

    @Override
    public Result<Observed> submit(SubmitJob job) {
        RunwayRequests.Create create;
        try {
            create = RunwayRequests.create(job, JSON);
        } catch (RunwayRequests.Unsupported e) {
            return new Result.Failed<>(new Failure.Rejected(e.error()));
        }
        HttpRequest.Builder request;
        try {
            request = request("/v1/" + create.endpoint()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(create.body())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return call(request, unsent).flatMap(r -> {
            if (!r.ok()) return failed(r);
            String id = r.json().path("id").asText("");
            if (id.isBlank()) return new Result.Failed<>(new Failure.Transient("Runway accepted the create without a task id", Optional.empty()));
            // Runway answers a create with the id only; until the first read the task is pending.
            return new Result.Ok<>(new Observed(new ExternalTaskId(id), UpstreamObservation.queued(),
                    Optional.of(config.minPollInterval())));
        });
    }

    @Override
    public Result<Observed> retrieve(ExternalTaskId id) {
        return task(id).flatMap(task -> RunwayTasks.observed(task, config.minPollInterval()).<Result<Observed>>map(Result.Ok::new)
                .orElseGet(() -> new Result.Failed<>(new Failure.Transient("unreadable Runway task", Optional.empty()))));
    }

    /** Cancels a task that is still pending, throttled or running; deletes any other (Runway's one verb for both). */
    @Override
    public Result<Boolean> cancel(ExternalTaskId id) {
        return call(request("/v1/tasks/" + encode(id.value())).header("Accept", "*/*").DELETE(), idempotent).flatMap(r -> {
            if (r.ok() || r.status() == 404) return new Result.Ok<>(true);
            return failed(r);
        });
    }

    /** The finished task's first output, from a URL read just now; only the video exists on Runway. */
    @Override
    public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        if (variant != Variant.VIDEO) return new Result.Failed<>(new Failure.NotFound("Runway makes no " + variant.name().toLowerCase(Locale.ROOT) + " for a task"));
        Result<Content> first = outputUrl(id).flatMap(url -> download(url, range));
        // The URL can expire between the read and the download: one fresh read fixes that, a second failure is real.
        if (first instanceof Result.Failed<Content> f && f.failure() instanceof Failure.Misconfigured)
            return outputUrl(id).flatMap(url -> download(url, range));
        return first;
    }

    @Override
    public Result<Boolean> probe() {
        return call(request("/v1/tasks/" + NO_TASK).GET(), idempotent).flatMap(r ->
                r.ok() || r.status() == 404 ? new Result.Ok<>(true) : failed(r));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Result<JsonNode> task(ExternalTaskId id) {
        return call(request("/v1/tasks/" + encode(id.value())).GET(), idempotent).flatMap(r -> r.ok() ? new Result.Ok<>(r.json()) : failed(r));
    }

    private Result<URI> outputUrl(ExternalTaskId id) {
        return task(id).flatMap(task -> {
            String status = task.path("status").asText("");
            JsonNode output = task.path("output");
            if ("SUCCEEDED".equals(status) && output.isArray() && !output.isEmpty() && output.get(0).isTextual()) {
                try {
                    return new Result.Ok<>(URI.create(output.get(0).asText()));
                } catch (IllegalArgumentException e) {
                    return new Result.Failed<>(new Failure.Transient("Runway gave an unreadable output URL", Optional.empty()));
                }
            }
            if ("FAILED".equals(status) || "CANCELLED".equals(status))
                return new Result.Failed<>(new Failure.NotFound("the Runway task has no output (" + status + ")"));
            return new Result.Failed<>(new Failure.Transient("the Runway task has not finished (" + status + ")", Optional.empty()));
        });
    }

    /** Streams an output URL; a 403 there is an expired (or refused) signature, reported as {@link Failure.Misconfigured}. */
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
        if (status == 403) return new Result.Failed<>(new Failure.Misconfigured("Runway's output URL was refused (expired?)"));
        if (status == 404) return new Result.Failed<>(new Failure.NotFound("Runway's output is gone"));
        return new Result.Failed<>(new Failure.Transient("Runway's output answered " + status, Optional.empty()));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
                .timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("X-Runway-Version", config.apiVersion())
                .header("Accept", "application/json");
    }

    /** One call with {@code retry}: an answer (any status), or a transient failure when the connection never gave one. */
    private Result<Reply> call(HttpRequest.Builder builder, Retry retry) {
        HttpRequest request = builder.build();
        // Whether any attempt may have reached Runway: only when none did is a failed create proof of no task.
        java.util.concurrent.atomic.AtomicBoolean reached = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            return new Result.Ok<>(retry.executeCallable(() -> {
                try {
                    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    reached.set(true);
                    return new Reply(r.statusCode(), r.headers(), r.body());
                } catch (IOException e) {
                    if (!(e instanceof ConnectException || e instanceof java.net.http.HttpConnectTimeoutException)) reached.set(true);
                    throw e;
                }
            }));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Failed<>(new Failure.Transient("interrupted", Optional.empty()));
        } catch (IOException e) {
            return new Result.Failed<>(reached.get() ? new Failure.Transient(describe(e), Optional.empty())
                    : Failure.Transient.unreached(describe(e)));
        } catch (Exception e) {
            return new Result.Failed<>(new Failure.Transient("Runway call failed: " + e.getClass().getSimpleName(), Optional.empty()));
        }
    }

    private static <T> Result<T> failed(Reply r) { return new Result.Failed<>(RunwayTasks.classify(r.status(), r.headers(), r.json())); }

    private static String describe(IOException e) {
        String kind = e instanceof HttpTimeoutException ? "timeout (outcome unknown)" : e instanceof ConnectException ? "connection refused"
                : "connection error (outcome unknown)";
        return kind + " (" + e.getClass().getSimpleName() + ")";
    }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
