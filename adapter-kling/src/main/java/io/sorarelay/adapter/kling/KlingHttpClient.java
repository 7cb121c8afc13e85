package io.sorarelay.adapter.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ExternalTaskId;

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
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link VideoProvider} over Kling's task API ({@code /v1/videos/text2video}, {@code /v1/videos/image2video}), each call
 * authenticated by a JWT minted from the access key and signed with the secret key (HS256, 30 minutes). Our video id
 * goes out as {@code external_task_id}, unique per account: a create whose answer was lost (timeout, reset, 5xx) is
 * resolved by reading the task under that id, and a resent create that Kling refuses as a duplicate is resolved the
 * same way, so one of our tasks never makes two Kling tasks. Kling has no cancel.
 */
public final class KlingHttpClient implements VideoProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOKEN_LIFE = Duration.ofMinutes(30);

    private final KlingClientConfig config;
    private final Algorithm signer;
    private final HttpClient http;
    private final Retry idempotent;
    private final Retry unsent;

    private record Reply(int status, HttpHeaders headers, byte[] body) {
        JsonNode json() {
            try {
                return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        /** Kling's success is HTTP 2xx and {@code code} 0. */
        boolean ok() { return status / 100 == 2 && json().path("code").asInt(-1) == 0; }
    }

    public KlingHttpClient(KlingClientConfig config) {
        this.config = config;
        this.signer = Algorithm.HMAC256(config.secretKey());
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.idempotent = Retry.of("kling", RetryConfig.<Reply>custom()
                .maxAttempts(config.maxAttempts())
                .retryExceptions(IOException.class)
                .retryOnResult(r -> r.status() >= 500 || r.status() == 429)
                .intervalBiFunction(this::backoff)
                .build());
        this.unsent = Retry.of("kling-create", RetryConfig.<Reply>custom()
                .maxAttempts(config.maxAttempts())
                .retryExceptions(ConnectException.class)
                .intervalBiFunction(this::backoff)
                .build());
    }

    /** The client the bootstrap wires for a {@code kling} channel. */
    public static KlingHttpClient create(String baseUrl, String accessKey, String secretKey) {
        return new KlingHttpClient(KlingClientConfig.of(baseUrl, accessKey, secretKey));
    }

    /**
     * A body Kling POSTed to our {@code callback_url} (the task, flat) as an observation, to apply like a poll's answer.
     * Kling signs nothing: the receiving route should trust it only as a hint (read the task) or check a per-task
     * secret it put in the callback URL.
     */
    public static Optional<Observed> callback(byte[] body, String family) {
        try {
            JsonNode task = JSON.readTree(body);
            return task == null ? Optional.empty() : KlingTasks.observed(family, task, Duration.ofSeconds(10));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public KlingClientConfig config() { return config; }

    private long backoff(int attempt, Either<Throwable, Reply> outcome) {
        if (outcome.isRight()) {
            Optional<Duration> hinted = KlingTasks.retryAfter(outcome.get().headers());
            if (hinted.isPresent()) return Math.min(hinted.get().toMillis(), config.maxBackoff().toMillis());
        }
        long capped = Math.min(config.initialBackoff().toMillis() << Math.min(attempt - 1, 16), config.maxBackoff().toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    @Override
    public Result<Observed> submit(SubmitJob job) {
        KlingRequests.Create create;
        try {
            create = KlingRequests.create(job, config.callbackUrl(), JSON);
        } catch (KlingRequests.Unsupported e) {
            return new Result.Failed<>(new Failure.Rejected(e.error()));
        }
        HttpRequest.Builder request;
        try {
            request = request("/v1/videos/" + create.family()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(create.body())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Result<Observed> made = call(request, unsent).flatMap(r -> {
            if (r.ok()) return observed(create.family(), r.json().path("data"));
            if (KlingTasks.duplicateKey(r.json())) return find(create.family(), job.idempotencyKey().toString());
            return new Result.Failed<>(KlingTasks.classify(r.status(), r.headers(), r.json(), true));
        });
        // The answer was lost: the task exists under our key if the create reached Kling, and is not found if it did not.
        if (made instanceof Result.Failed<Observed> f && f.failure() instanceof Failure.Transient) {
            Result<Observed> found = find(create.family(), job.idempotencyKey().toString());
            if (found instanceof Result.Ok<Observed>) return found;
        }
        return made;
    }

    @Override
    public Result<Observed> retrieve(ExternalTaskId id) {
        String[] ref = ref(id);
        if (ref == null) return new Result.Failed<>(new Failure.NotFound("not a Kling task reference: " + id.value()));
        return find(ref[0], ref[1]);
    }

    /** Kling has no cancel: a known task runs on while the relay stops watching it ({@code false}); an unknown one counts as cancelled. */
    @Override
    public Result<Boolean> cancel(ExternalTaskId id) {
        Result<Observed> task = retrieve(id);
        if (task instanceof Result.Failed<Observed> f && f.failure() instanceof Failure.NotFound) return new Result.Ok<>(true);
        return task.flatMap(t -> new Result.Ok<>(false));
    }

    @Override
    public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        if (variant != Variant.VIDEO) return new Result.Failed<>(new Failure.NotFound("Kling makes no " + variant.name().toLowerCase(Locale.ROOT)));
        String[] ref = ref(id);
        if (ref == null) return new Result.Failed<>(new Failure.NotFound("not a Kling task reference: " + id.value()));
        return task(ref[0], ref[1]).flatMap(task -> {
            String status = task.path("task_status").asText("");
            String url = task.path("task_result").path("videos").path(0).path("url").asText("");
            if ("succeed".equals(status) && !url.isBlank()) return download(URI.create(url), range);
            if ("failed".equals(status)) return new Result.Failed<>(new Failure.NotFound("the Kling task failed; it has no video"));
            return new Result.Failed<>(new Failure.Transient("the Kling task has not finished (" + status + ")", Optional.empty()));
        });
    }

    @Override
    public Result<Boolean> probe() {
        return call(request("/v1/videos/text2video?pageNum=1&pageSize=1").GET(), idempotent).flatMap(r ->
                r.ok() ? new Result.Ok<>(true) : new Result.Failed<>(KlingTasks.classify(r.status(), r.headers(), r.json(), false)));
    }

    private Result<Observed> find(String family, String idOrExternalId) {
        return task(family, idOrExternalId).flatMap(task -> observed(family, task));
    }

    private Result<Observed> observed(String family, JsonNode task) {
        return KlingTasks.observed(family, task, config.pollInterval()).<Result<Observed>>map(Result.Ok::new)
                .orElseGet(() -> new Result.Failed<>(new Failure.Transient("unreadable Kling task", Optional.empty())));
    }

    private Result<JsonNode> task(String family, String id) {
        return call(request("/v1/videos/" + family + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).GET(), idempotent).flatMap(r ->
                r.ok() ? new Result.Ok<>(r.json().path("data")) : new Result.Failed<>(KlingTasks.classify(r.status(), r.headers(), r.json(), false)));
    }

    /** {@code family/task_id} → {family, task_id}, or null when it is not one of ours. */
    private static String[] ref(ExternalTaskId id) {
        String[] p = id.value().split("/", 2);
        if (p.length != 2 || p[1].isBlank() || !(p[0].equals(KlingRequests.TEXT) || p[0].equals(KlingRequests.IMAGE))) return null;
        return p;
    }

    /** Kling's video URLs are public CDN links: fetched without our token. */
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
        if (status == 403 || status == 404) return new Result.Failed<>(new Failure.NotFound("Kling's video is gone (" + status + "; assets are kept 30 days)"));
        return new Result.Failed<>(new Failure.Transient("Kling's video answered " + status, Optional.empty()));
    }

    private String token() {
        Instant now = config.clock().instant();
        return JWT.create().withHeader(Map.of("typ", "JWT")).withIssuer(config.accessKey())
                .withNotBefore(now.minusSeconds(5)).withExpiresAt(now.plus(TOKEN_LIFE)).sign(signer);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
                .timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/json");
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
            return new Result.Failed<>(new Failure.Transient("Kling call failed: " + e.getClass().getSimpleName(), Optional.empty()));
        }
    }

    private static String describe(IOException e) {
        String kind = e instanceof HttpTimeoutException ? "timeout (outcome unknown)" : e instanceof ConnectException ? "connection refused"
                : "connection error (outcome unknown)";
        return kind + " (" + e.getClass().getSimpleName() + ")";
    }
}
