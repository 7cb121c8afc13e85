package io.sorarelay.adapter.sora;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the upstream is and how patiently to talk to it. {@link #toString()} never shows the key.
 *
 * @param baseUrl        the OpenAI-compatible base URL, e.g. {@code https://api.openai.com/v1}
 * @param maxAttempts    attempts per call for connection errors, timeouts, 5xx and 429 (1 = no retry)
 * @param initialBackoff first wait between attempts; it doubles (with jitter) up to {@code maxBackoff}
 */
public record SoraClientConfig(URI baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout, int maxAttempts,
                               Duration initialBackoff, Duration maxBackoff) {
    public SoraClientConfig {
        Objects.requireNonNull(baseUrl); Objects.requireNonNull(apiKey); Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(requestTimeout); Objects.requireNonNull(initialBackoff); Objects.requireNonNull(maxBackoff);
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) throw new IllegalArgumentException("baseUrl must be http(s)");
        if (apiKey.isBlank()) throw new IllegalArgumentException("an API key is required");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    /** Defaults: 5 s connect, 30 s per request, 4 attempts, backoff 200 ms doubling to 5 s. */
    public static SoraClientConfig of(String baseUrl, String apiKey) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new SoraClientConfig(URI.create(base), apiKey, Duration.ofSeconds(5), Duration.ofSeconds(30), 4,
                Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    public SoraClientConfig withRequestTimeout(Duration t) {
        return new SoraClientConfig(baseUrl, apiKey, connectTimeout, t, maxAttempts, initialBackoff, maxBackoff);
    }

    public SoraClientConfig withConnectTimeout(Duration t) {
        return new SoraClientConfig(baseUrl, apiKey, t, requestTimeout, maxAttempts, initialBackoff, maxBackoff);
    }

    public SoraClientConfig withRetries(int attempts, Duration initial, Duration max) {
        return new SoraClientConfig(baseUrl, apiKey, connectTimeout, requestTimeout, attempts, initial, max);
    }

    @Override public String toString() {
        return "SoraClientConfig[baseUrl=" + baseUrl + ", apiKey=***, connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxAttempts=" + maxAttempts + "]";
    }
}
