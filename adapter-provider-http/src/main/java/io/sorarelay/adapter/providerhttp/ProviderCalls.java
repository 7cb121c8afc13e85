package io.sorarelay.adapter.providerhttp;

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
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One provider's HTTP calls: requests below its base URL carrying its credentials, answers read whole (downloads
 * streamed), and two retry policies. {@link #idempotent()} retries reads and cancels on connection errors, timeouts, 5xx
 * and 429 (backoff with equal jitter, {@code Retry-After} honoured); {@link #unsent()} retries a create only when the
 * connection was refused, since then the request provably never reached the provider and cannot have made a task.
 */
public final class ProviderCalls {
    /** The mapper for provider bodies: plain Jackson, no provider-specific modules. */
    public static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP answer with its body read. */
    public record Reply(int status, HttpHeaders headers, byte[] body) {
        /** The body as JSON; a JSON null when it is empty or not JSON. */
        public JsonNode json() {
            try {
                return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        /** Whether the status is 2xx. */
        public boolean ok() { return status / 100 == 2; }
    }

    /**
     * How to talk to one provider. Start from {@link #of} and adjust with the {@code with…}/{@code …ing} methods.
     *
     * @param name                the retries' names ({@code name} and {@code name-create})
     * @param upstream            the provider's API as named in messages ("DashScope call failed: ...")
     * @param baseUrl             what request paths are appended to
     * @param maxAttempts         attempts per call (1 = no retry)
     * @param redirects           whether API calls and downloads follow redirects
     * @param retryWhen           which answers a read or cancel is retried on (exceptions: always)
     * @param backoffByRetryAfter whether a retry waits what {@code Retry-After} asks (capped at {@code maxBackoff}) rather
     *                            than the jittered backoff
     * @param authorize           adds the provider's credentials to {@link ProviderCalls#request} (never to a
     *                            {@link ProviderCalls#download})
     * @param reportUnreached     whether a call no attempt of which reached the provider (refused, or the connect timed
     *                            out) fails as {@link Failure.Transient#unreached}, so the caller may try elsewhere
     */
    public record Settings(String name, String upstream, URI baseUrl, Duration connectTimeout, Duration requestTimeout, int maxAttempts,
                           Duration initialBackoff, Duration maxBackoff, HttpClient.Redirect redirects, Predicate<Reply> retryWhen,
                           boolean backoffByRetryAfter, UnaryOperator<HttpRequest.Builder> authorize, boolean reportUnreached) {
        public Settings {
            Objects.requireNonNull(name); Objects.requireNonNull(upstream); Objects.requireNonNull(baseUrl);
            Objects.requireNonNull(connectTimeout); Objects.requireNonNull(requestTimeout); Objects.requireNonNull(initialBackoff);
            Objects.requireNonNull(maxBackoff); Objects.requireNonNull(redirects); Objects.requireNonNull(retryWhen);
            Objects.requireNonNull(authorize);
            if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        }

        /**
         * No redirects followed, no credentials; reads retried on 5xx and 429 unless {@code Retry-After} asks for longer
         * than {@code maxBackoff} (the caller then reports the wait at once), waiting what it asks.
         */
        public static Settings of(String name, String upstream, URI baseUrl, Duration connectTimeout, Duration requestTimeout,
                                  int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
            Predicate<Reply> withinCap = r -> busy(r) && retryAfter(r.headers()).map(d -> d.compareTo(maxBackoff) <= 0).orElse(true);
            return new Settings(name, upstream, baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff,
                    HttpClient.Redirect.NEVER, withinCap, true, UnaryOperator.identity(), false);
        }

        /** Requests carry {@code Authorization: Bearer <apiKey>}. */
        public Settings withBearer(String apiKey) { return authorizedBy(b -> b.header("Authorization", "Bearer " + apiKey)); }

        /** Requests are authorized by {@code authorizer} (e.g. a key header, a freshly signed token). */
        public Settings authorizedBy(UnaryOperator<HttpRequest.Builder> authorizer) {
            return new Settings(name, upstream, baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, redirects,
                    retryWhen, backoffByRetryAfter, authorizer, reportUnreached);
        }

        /** Redirects are followed (except HTTPS to HTTP). */
        public Settings followingRedirects() {
            return new Settings(name, upstream, baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff,
                    HttpClient.Redirect.NORMAL, retryWhen, backoffByRetryAfter, authorize, reportUnreached);
        }

        /** Reads and cancels are retried on the answers {@code when} accepts. */
        public Settings retryingWhen(Predicate<Reply> when) {
            return new Settings(name, upstream, baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, redirects,
                    when, backoffByRetryAfter, authorize, reportUnreached);
        }

        /** Retries wait the jittered backoff whatever {@code Retry-After} says. */
        public Settings ignoringRetryAfter() {
            return new Settings(name, upstream, baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, redirects,
                    retryWhen, false, authorize, reportUnreached);
        }

        /** Calls that provably never reached the provider fail as {@link Failure.Transient#unreached}. */
        public Settings reportingUnreached() {
            return new Settings(name, upstream, baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, redirects,
                    retryWhen, backoffByRetryAfter, authorize, true);
        }
    }

    /** A 5xx or a 429: the provider is failing or busy, and a read may be tried again. */
    public static boolean busy(Reply r) { return r.status() >= 500 || r.status() == 429; }

    private final Settings settings;
    private final HttpClient http;
    private final Retry idempotent;
    private final Retry unsent;

    public ProviderCalls(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).followRedirects(settings.redirects()).build();
        this.idempotent = Retry.of(settings.name(), RetryConfig.<Reply>custom()
                .maxAttempts(settings.maxAttempts())
                .retryExceptions(IOException.class)
                .retryOnResult(settings.retryWhen())
                .intervalBiFunction(this::backoff)
                .build());
        this.unsent = Retry.of(settings.name() + "-create", RetryConfig.<Reply>custom()
                .maxAttempts(settings.maxAttempts())
                .retryExceptions(ConnectException.class)
                .intervalBiFunction(this::backoff)
                .build());
    }

    /** The policy for reads and cancels, which may safely run twice. */
    public Retry idempotent() { return idempotent; }

    /** The policy for creates: retried only when the connection was refused. */
    public Retry unsent() { return unsent; }

    private long backoff(int attempt, Either<Throwable, Reply> outcome) {
        if (settings.backoffByRetryAfter() && outcome.isRight()) {
            Optional<Duration> hinted = retryAfter(outcome.get().headers());
            if (hinted.isPresent()) return Math.min(hinted.get().toMillis(), settings.maxBackoff().toMillis());
        }
        long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
        long capped = Math.min(base, settings.maxBackoff().toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);   // "equal jitter"
    }

    /** An authorized JSON request to {@code path} below the base URL. */
    public HttpRequest.Builder request(String path) {
        return settings.authorize().apply(HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json"));
    }

    /** One call with {@code retry}: an answer (any status), or a transient failure when the connection never gave one. */
    public Result<Reply> call(HttpRequest.Builder builder, Retry retry) {
        HttpRequest request = builder.build();
        // Whether any attempt may have reached the provider: only when none did is a failed create proof of no task.
        AtomicBoolean reached = new AtomicBoolean();
        try {
            return new Result.Ok<>(retry.executeCallable(() -> {
                try {
                    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    reached.set(true);
                    return new Reply(r.statusCode(), r.headers(), r.body());
                } catch (IOException e) {
                    if (!(e instanceof ConnectException || e instanceof HttpConnectTimeoutException)) reached.set(true);
                    throw e;
                }
            }));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Failed<>(new Failure.Transient("interrupted", Optional.empty()));
        } catch (IOException e) {
            return new Result.Failed<>(settings.reportUnreached() && !reached.get() ? Failure.Transient.unreached(describe(e))
                    : new Failure.Transient(describe(e), Optional.empty()));
        } catch (Exception e) {
            return new Result.Failed<>(new Failure.Transient(settings.upstream() + " call failed: " + e.getClass().getSimpleName(), Optional.empty()));
        }
    }

    /**
     * Streams a result link once, without our credentials (result links are signed or public). 200 and 206 give the
     * stream, 416 an empty range answer; any other status is mapped by {@code refused}.
     */
    public Result<Content> download(URI url, Optional<String> range, IntFunction<Failure> refused) {
        return stream(HttpRequest.newBuilder(url).timeout(settings.requestTimeout()).GET(), range, r -> refused.apply(r.status()));
    }

    /**
     * Streams {@code request} once (no retry: a stream cannot be replayed). 200 and 206 give the stream, 416 an empty
     * range answer; any other answer is read whole (error bodies are small) and mapped by {@code refused}.
     */
    public Result<Content> stream(HttpRequest.Builder request, Optional<String> range, Function<Reply, Failure> refused) {
        range.ifPresent(r -> request.header("Range", r));
        HttpResponse<InputStream> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
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
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            body = new byte[0];
        }
        if (status == 416) return new Result.Ok<>(new Content(416, "video/mp4", OptionalLong.of(0), r.headers().firstValue("Content-Range"),
                InputStream.nullInputStream()));
        return new Result.Failed<>(refused.apply(new Reply(status, r.headers(), body)));
    }

    /**
     * The usual mapping of a refused result link: 403 (an expired signature) and 404 are gone for good, anything else may
     * pass. {@code gone} is appended to the 403/404 message (e.g. how long the provider keeps links).
     */
    public static IntFunction<Failure> linkRefused(String what, String gone) {
        return status -> status == 403 || status == 404
                ? new Failure.NotFound(what + " answered " + status + gone)
                : new Failure.Transient(what + " answered " + status, Optional.empty());
    }

    /** A 429: the wait the provider asked for, 30 s when it named none. */
    public static Failure rateLimited(HttpHeaders headers) {
        return new Failure.RateLimited(retryAfter(headers).orElse(Duration.ofSeconds(30)));
    }

    /** A failure worth retrying later, carrying the provider's {@code Retry-After} when it gave one. */
    public static Failure transientAnswer(String reason, HttpHeaders headers) {
        return new Failure.Transient(reason, retryAfter(headers));
    }

    /** {@code Retry-After} in seconds; an HTTP date or garbage counts as absent. */
    public static Optional<Duration> retryAfter(HttpHeaders headers) {
        try {
            return headers.firstValue("Retry-After").map(String::strip).map(Long::parseLong).map(s -> Duration.ofSeconds(Math.max(0, s)));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }

    /** What went wrong on the wire, and whether the request may have arrived; "connection refused" means it did not. */
    public static String describe(IOException e) {
        String kind = e instanceof HttpTimeoutException ? "timeout (outcome unknown)" : e instanceof ConnectException ? "connection refused"
                : "connection error (outcome unknown)";
        return kind + " (" + e.getClass().getSimpleName() + ")";
    }
}
