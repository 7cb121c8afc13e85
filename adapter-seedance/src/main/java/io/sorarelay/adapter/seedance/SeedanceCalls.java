package io.sorarelay.adapter.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.sorarelay.application.port.out.VideoProvider.Content;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Result;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Volcengine Ark over HTTP: requests carrying our key, answers read whole (downloads streamed), and two retry policies —
 * reads and cancels are retried on connection errors, timeouts, 5xx and 429 (backoff with jitter, {@code Retry-After}
 * honoured); a create only when the connection was refused, since Ark takes no idempotency key.
 */
final class SeedanceCalls {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP answer with its body read. */
    record Reply(int status, HttpHeaders headers, byte[] body) {
        JsonNode json() {
            try {
                return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        boolean ok() { return status / 100 == 2; }
    }

    private final SeedanceClientConfig config;
    private final HttpClient http;
    final Retry idempotent;
    final Retry unsent;

    SeedanceCalls(SeedanceClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.idempotent = Retry.of("seedance", RetryConfig.<Reply>custom()
                .maxAttempts(config.maxAttempts())
                .retryExceptions(IOException.class)
                .retryOnResult(r -> (r.status() >= 500 || r.status() == 429)
                        && retryAfter(r.headers()).map(d -> d.compareTo(config.maxBackoff()) <= 0).orElse(true))
                .intervalBiFunction(this::backoff)
                .build());
        this.unsent = Retry.of("seedance-create", RetryConfig.<Reply>custom()
                .maxAttempts(config.maxAttempts())
                .retryExceptions(ConnectException.class)
                .intervalBiFunction(this::backoff)
                .build());
    }

    private long backoff(int attempt, Either<Throwable, Reply> outcome) {
        if (outcome.isRight()) {
            Optional<Duration> hinted = retryAfter(outcome.get().headers());
            if (hinted.isPresent()) return Math.min(hinted.get().toMillis(), config.maxBackoff().toMillis());
        }
        long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);   // "equal jitter"
    }

    /** A request to {@code path} below the base URL (which ends in {@code /api/v3}). */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
                .timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Accept", "application/json");
    }

    /** One call with {@code retry}: an answer (any status), or a transient failure when the connection never gave one. */
    Result<Reply> call(HttpRequest.Builder builder, Retry retry) {
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
            return new Result.Failed<>(new Failure.Transient("Ark call failed: " + e.getClass().getSimpleName(), Optional.empty()));
        }
    }

    /** Streams a result link, without our key (it is a signed object-store URL); a 403 there is an expired link. */
    Result<Content> download(URI url, Optional<String> range) {
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
        if (status == 403 || status == 404) return new Result.Failed<>(new Failure.NotFound("Seedance's video link answered " + status + " (links last 24 hours)"));
        return new Result.Failed<>(new Failure.Transient("Seedance's video link answered " + status, Optional.empty()));
    }

    static Optional<Duration> retryAfter(HttpHeaders headers) {
        try {
            return headers.firstValue("Retry-After").map(String::strip).map(Long::parseLong).map(s -> Duration.ofSeconds(Math.max(0, s)));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }

    static String describe(IOException e) {
        String kind = e instanceof HttpTimeoutException ? "timeout (outcome unknown)" : e instanceof ConnectException ? "connection refused"
                : "connection error (outcome unknown)";
        return kind + " (" + e.getClass().getSimpleName() + ")";
    }
}
