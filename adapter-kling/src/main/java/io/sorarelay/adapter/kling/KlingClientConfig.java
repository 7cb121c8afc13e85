package io.sorarelay.adapter.kling;

import io.sorarelay.adapter.providerhttp.CallbackUrls;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Kling is, the account's access key and secret key, and how patiently to talk to it. {@link #toString()} never
 * shows the keys.
 *
 * @param baseUrl     without {@code /v1}, e.g. {@code https://api-singapore.klingai.com}
 * @param callbacks   where Kling is to POST each task's updates ({@code callback_url}); empty = poll only
 * @param clock       what the JWT's {@code nbf} and {@code exp} are counted from
 */
public record KlingClientConfig(URI baseUrl, String accessKey, String secretKey, Duration connectTimeout, Duration requestTimeout,
                                int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration pollInterval,
                                Optional<CallbackUrls> callbacks, InstantSource clock) {
    public static final String DEFAULT_BASE_URL = "https://api-singapore.klingai.com";

    public KlingClientConfig {
        Objects.requireNonNull(baseUrl); Objects.requireNonNull(accessKey); Objects.requireNonNull(secretKey);
        Objects.requireNonNull(connectTimeout); Objects.requireNonNull(requestTimeout); Objects.requireNonNull(initialBackoff);
        Objects.requireNonNull(maxBackoff); Objects.requireNonNull(pollInterval); Objects.requireNonNull(callbacks); Objects.requireNonNull(clock);
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) throw new IllegalArgumentException("baseUrl must be http(s)");
        if (accessKey.isBlank() || secretKey.isBlank()) throw new IllegalArgumentException("an access key and a secret key are required");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    /** Defaults: 5 s connect, 30 s per request, 4 attempts, backoff 1 s doubling to 8 s (Kling asks for at least 1 s), polls at least 5 s apart. */
    public static KlingClientConfig of(String baseUrl, String accessKey, String secretKey) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new KlingClientConfig(URI.create(base), accessKey, secretKey, Duration.ofSeconds(5), Duration.ofSeconds(30), 4,
                Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(5), Optional.empty(), InstantSource.system());
    }

    public KlingClientConfig withRetries(int attempts, Duration initial, Duration max) {
        return new KlingClientConfig(baseUrl, accessKey, secretKey, connectTimeout, requestTimeout, attempts, initial, max, pollInterval, callbacks, clock);
    }

    /** Kling POSTs task updates to {@code url/{our video id}}. */
    public KlingClientConfig withCallbackUrl(URI url) { return withCallbacks(CallbackUrls.under(url)); }

    /** Kling POSTs each task's updates to the URL {@code urls} gives for it (the relay's: with a per-task token). */
    public KlingClientConfig withCallbacks(CallbackUrls urls) {
        return new KlingClientConfig(baseUrl, accessKey, secretKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff,
                pollInterval, Optional.of(urls), clock);
    }

    @Override public String toString() {
        return "KlingClientConfig[baseUrl=" + baseUrl + ", accessKey=***, secretKey=***, maxAttempts=" + maxAttempts + "]";
    }
}
