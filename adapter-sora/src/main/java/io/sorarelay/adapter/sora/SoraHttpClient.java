package io.sorarelay.adapter.sora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UpstreamObservation.UpstreamStatus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@link VideoProvider} over an OpenAI-compatible Videos API. Connection errors, timeouts, 5xx and 429
 * are retried (resilience4j, exponential backoff with jitter, {@code Retry-After} honoured); a create is
 * only ever retried with the same {@code Idempotency-Key} (our video id), so retries never make a second
 * job. Every outcome is classified as the port's {@link Failure}; no exception escapes for upstream faults,
 * and the API key never appears in a message.
 */
public final class SoraHttpClient implements VideoProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SoraClientConfig config;
    private final HttpClient http;
    private final Retry retry;

    /** One HTTP answer with its body read (content downloads stream instead). */
    private record Reply(int status, HttpHeaders headers, byte[] body) {
        JsonNode json() {
            try {
                return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }
    }

    public SoraHttpClient(SoraClientConfig config) {
        this.config = config;
        // The client's own steps (parsing an answer, completing its exchange) run on its selector thread instead of being
        // handed to a thread pool: every call here is synchronous (send), so no caller code runs in those steps, and a
        // submit then costs one thread hand-off (the caller's wake-up) instead of three. Answers are small; a download
        // is read by its caller (ofInputStream), which only asks for more as it reads.
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                .executor(Runnable::run).build();
        this.retry = Retry.of("upstream", RetryConfig.<Reply>custom()
                .maxAttempts(config.maxAttempts())
                .retryExceptions(IOException.class)
                .retryOnResult(r -> (r.status() >= 500 || r.status() == 429) && retryAfter(r.headers()).map(d -> d.compareTo(config.maxBackoff()) <= 0).orElse(true))
                .intervalBiFunction(this::wait)
                .build());
    }

    public SoraClientConfig config() { return config; }

    private long wait(int attempt, Either<Throwable, Reply> outcome) {
        if (outcome.isRight()) {
            Optional<Duration> hinted = retryAfter(outcome.get().headers());
            if (hinted.isPresent()) return Math.min(hinted.get().toMillis(), config.maxBackoff().toMillis());
        }
        long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);   // "equal jitter"
    }

    // ---- the port -----------------------------------------------------------------------------

    @Override
    public Result<Observed> submit(SubmitJob job) {
        HttpRequest.Builder request;
        if (job.remixOf().isPresent()) {
            ObjectNode body = JSON.createObjectNode().put("prompt", job.prompt().value());
            request = jsonRequest("/videos/" + encode(job.remixOf().get().value()) + "/remix", body);
        } else if (job.reference().isPresent()) {
            request = multipartCreate(job);
        } else {
            ObjectNode body = JSON.createObjectNode()
                    .put("prompt", job.prompt().value())
                    .put("model", job.spec().model())
                    .put("seconds", job.spec().seconds())
                    .put("size", job.spec().size());
            request = jsonRequest("/videos", body);
        }
        request.header("Idempotency-Key", job.idempotencyKey().value());
        return call(request).flatMap(r -> r.status() / 100 == 2 ? observed(r) : failed(r));
    }

    @Override
    public Result<Observed> retrieve(ExternalTaskId id) {
        return call(get("/videos/" + encode(id.value()))).flatMap(r -> r.status() / 100 == 2 ? observed(r) : failed(r));
    }

    @Override
    public Result<Boolean> cancel(ExternalTaskId id) {
        return call(request("/videos/" + encode(id.value())).DELETE()).flatMap(r -> {
            if (r.status() / 100 == 2 || r.status() == 404) return new Result.Ok<>(true);
            return failed(r);
        });
    }

    /** A page of the upstream's jobs ({@code GET /videos?after=&limit=&order=}), newest first unless {@code ascending}. */
    public record Page(List<Observed> jobs, Optional<String> lastId, boolean hasMore) {}

    public Result<Page> list(Optional<String> after, int limit, boolean ascending) {
        return listing(after, limit, ascending).flatMap(p -> new Result.Ok<>(new Page(
                p.jobs().stream().map(j -> new Observed(j.id(), j.observation(), Optional.empty())).toList(), p.lastId(), p.hasMore())));
    }

    @Override public boolean listsJobs() { return true; }

    /** Yes: a create is resent with the same Idempotency-Key. */
    @Override public boolean resolvesLostCreates() { return true; }

    @Override
    public Result<JobPage> listJobs(Optional<String> after, int limit) {
        return listing(after, Math.max(1, Math.min(MAX_PAGE, limit)), false);
    }

    private Result<JobPage> listing(Optional<String> after, int limit, boolean ascending) {
        String query = "?limit=" + limit + "&order=" + (ascending ? "asc" : "desc") + after.map(a -> "&after=" + encode(a)).orElse("");
        return call(get("/videos" + query)).flatMap(r -> {
            if (r.status() / 100 != 2) return failed(r);
            JsonNode body = r.json();
            List<ListedJob> jobs = new ArrayList<>();
            for (JsonNode v : body.path("data")) {
                // A job without created_at sorts as the oldest: the sweep stops there and later jobs fall back to polls.
                Instant createdAt = v.path("created_at").canConvertToLong() ? Instant.ofEpochSecond(v.path("created_at").asLong()) : Instant.EPOCH;
                observation(v, Optional.empty()).ifPresent(o -> jobs.add(new ListedJob(o.id(), o.observation(), createdAt)));
            }
            return new Result.Ok<>(new JobPage(jobs, text(body, "last_id"), body.path("has_more").asBoolean(false)));
        });
    }

    @Override
    public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        HttpRequest.Builder b = get("/videos/" + encode(id.value()) + "/content?variant=" + variant.name().toLowerCase(Locale.ROOT));
        range.ifPresent(r -> b.header("Range", r));
        Supplier<HttpResponse<InputStream>> open = Retry.decorateSupplier(Retry.of("upstream-content", RetryConfig.custom()
                .maxAttempts(config.maxAttempts()).retryExceptions(UpstreamIo.class)
                .intervalFunction(a -> wait(a, Either.left(new IOException()))).build()), () -> {
            try {
                return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new UpstreamIo(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamIo(new IOException("interrupted"));
            }
        });
        HttpResponse<InputStream> r;
        try {
            r = open.get();
        } catch (UpstreamIo e) {
            UpstreamLog.unreachable(b.build(), describe(e.getCause()), config.maxAttempts());
            return new Result.Failed<>(new Failure.Transient(describe(e.getCause()), Optional.empty()));
        }
        if (r.statusCode() == 200 || r.statusCode() == 206) {
            OptionalLong length = r.headers().firstValueAsLong("Content-Length");
            return new Result.Ok<>(new Content(r.statusCode(), r.headers().firstValue("Content-Type").orElse(
                    variant == Variant.VIDEO ? "video/mp4" : "image/jpeg"), length, r.headers().firstValue("Content-Range"), r.body()));
        }
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            body = new byte[0];
        }
        // Not a failure of the upstream: the client asked past the end. Its "bytes */N" goes back to the client (416).
        if (r.statusCode() == 416) return new Result.Ok<>(new Content(416, variant == Variant.VIDEO ? "video/mp4" : "image/jpeg",
                OptionalLong.of(0), r.headers().firstValue("Content-Range"), InputStream.nullInputStream()));
        UpstreamLog.answered(r.request(), r.statusCode(), 1);
        return failed(new Reply(r.statusCode(), r.headers(), body));
    }

    @Override
    public Result<Boolean> probe() {
        return call(get("/videos?limit=1")).flatMap(r -> r.status() / 100 == 2 ? new Result.Ok<>(true) : failed(r));
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private static final class UpstreamIo extends RuntimeException {
        UpstreamIo(IOException cause) { super(cause); }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
                .timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Accept", "application/json");
    }

    private HttpRequest.Builder get(String path) { return request(path).GET(); }

    private HttpRequest.Builder jsonRequest(String path, JsonNode body) {
        try {
            return request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder multipartCreate(SubmitJob job) {
        String boundary = "----sora-relay-" + UUID.randomUUID();
        ReferenceUpload ref = job.reference().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream(ref.bytes().length + 1024);
        field(out, boundary, "prompt", job.prompt().value());
        field(out, boundary, "model", job.spec().model());
        field(out, boundary, "seconds", job.spec().seconds());
        field(out, boundary, "size", job.spec().size());
        String ext = switch (ref.image().mediaType()) {
            case "image/png" -> "png";
            case "image/webp" -> "webp";
            default -> "jpg";
        };
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"reference." + ext
                + "\"\r\nContent-Type: " + ref.image().mediaType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(ref.bytes());
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return request("/videos").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
    }

    private static void field(ByteArrayOutputStream out, String boundary, String name, String value) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** One call with retries: an answer (any status), or a transient failure when the connection never gave one. */
    private Result<Reply> call(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        AtomicInteger attempts = new AtomicInteger();
        // Whether any attempt may have reached the upstream: only when none did is a failed create proof of no job.
        java.util.concurrent.atomic.AtomicBoolean reached = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            Reply reply = retry.executeCallable(() -> {
                attempts.incrementAndGet();
                try {
                    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    reached.set(true);
                    return new Reply(r.statusCode(), r.headers(), r.body());
                } catch (IOException e) {
                    if (!neverConnected(e)) reached.set(true);
                    throw e;
                }
            });
            UpstreamLog.answered(request, reply.status(), attempts.get());
            return new Result.Ok<>(reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Failed<>(new Failure.Transient("interrupted", Optional.empty()));
        } catch (IOException e) {
            UpstreamLog.unreachable(request, describe(e), attempts.get());
            return new Result.Failed<>(reached.get() ? new Failure.Transient(describe(e), Optional.empty())
                    : Failure.Transient.unreached(describe(e)));
        } catch (Exception e) {
            UpstreamLog.unreachable(request, e.getClass().getSimpleName(), attempts.get());
            return new Result.Failed<>(new Failure.Transient("upstream call failed: " + e.getClass().getSimpleName(), Optional.empty()));
        }
    }

    /** The connection was never established, so the request never left this process. */
    static boolean neverConnected(Throwable e) {
        return e instanceof java.net.ConnectException || e instanceof java.net.http.HttpConnectTimeoutException;
    }

    private static String describe(Throwable e) {
        String kind = e instanceof java.net.http.HttpTimeoutException ? "timeout" : e instanceof java.net.ConnectException ? "connection refused"
                : "connection error";
        return kind + " (" + e.getClass().getSimpleName() + ")";
    }

    // ---- mapping ------------------------------------------------------------------------------

    private Result<Observed> observed(Reply r) {
        Optional<Duration> pollAfter = r.headers().firstValueAsLong("openai-poll-after-ms").stream()
                .filter(ms -> ms > 0).mapToObj(Duration::ofMillis).findFirst();
        return observation(r.json(), pollAfter).<Result<Observed>>map(Result.Ok::new)
                .orElseGet(() -> new Result.Failed<>(new Failure.Transient("unreadable upstream answer", Optional.empty())));
    }

    static Optional<Observed> observation(JsonNode v, Optional<Duration> pollAfter) {
        Optional<String> id = text(v, "id");
        Optional<String> status = text(v, "status");
        if (id.isEmpty() || status.isEmpty()) return Optional.empty();
        int progress = Math.max(0, Math.min(100, v.path("progress").asInt(0)));
        UpstreamObservation o = switch (status.get().toLowerCase(Locale.ROOT)) {
            case "queued", "pending" -> UpstreamObservation.queued();
            case "in_progress", "processing", "running" -> UpstreamObservation.inProgress(progress);
            case "completed", "succeeded" -> UpstreamObservation.completed();
            case "failed", "cancelled", "canceled", "expired" -> UpstreamObservation.failed(new TaskError(
                    text(v.path("error"), "code").orElse("upstream_" + status.get().toLowerCase(Locale.ROOT)),
                    text(v.path("error"), "message").orElse("the upstream reported the job as " + status.get())));
            default -> new UpstreamObservation(UpstreamStatus.IN_PROGRESS, progress, Optional.empty());
        };
        try {
            return Optional.of(new Observed(new ExternalTaskId(id.get()), o, pollAfter));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A non-2xx answer, classified. */
    private <T> Result<T> failed(Reply r) {
        JsonNode error = r.json().path("error");
        String code = text(error, "code").or(() -> text(error, "type")).orElse("http_" + r.status());
        String message = text(error, "message").orElse("the upstream answered " + r.status());
        Failure f;
        if (r.status() == 429) f = new Failure.RateLimited(retryAfter(r.headers()).orElse(Duration.ofSeconds(5)));
        else if (r.status() == 401 || r.status() == 403) f = new Failure.Misconfigured("the upstream refused our credentials (" + r.status() + ")");
        else if (r.status() == 404) f = new Failure.NotFound(message);
        else if (r.status() >= 500 || r.status() == 408 || r.status() == 409) f = new Failure.Transient("upstream " + r.status() + ": " + code,
                retryAfter(r.headers()));
        else f = new Failure.Rejected(new TaskError(code, message));
        return new Result.Failed<>(f);
    }

    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Retry-After").map(String::strip);
        if (v.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.get()))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
