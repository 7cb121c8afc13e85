package io.sorarelay.adapter.runway;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where Runway is and how patiently to talk to it. {@link #toString()} never shows the key.
 *
 * @param baseUrl       without {@code /v1}, e.g. {@code https://api.dev.runwayml.com} (the SDK's {@code baseURL})
 * @param apiVersion    the {@code X-Runway-Version} header, a date naming the API version
 * @param maxAttempts   attempts per read or cancel for connection errors, timeouts, 5xx and 429 (1 = no retry); a create
 *                      is retried only when its request provably never reached Runway
 * @param minPollInterval Runway asks not to expect task updates more often than this
 */
public record RunwayClientConfig(URI baseUrl, String apiKey, String apiVersion, Duration connectTimeout, Duration requestTimeout,
                                 int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration minPollInterval) {
    public static final String DEFAULT_BASE_URL = "https://api.dev.runwayml.com";
    public static final String DEFAULT_API_VERSION = "2024-11-06";

    public RunwayClientConfig {
        Objects.requireNonNull(baseUrl); Objects.requireNonNull(apiKey); Objects.requireNonNull(apiVersion);
        Objects.requireNonNull(connectTimeout); Objects.requireNonNull(requestTimeout); Objects.requireNonNull(initialBackoff);
        Objects.requireNonNull(maxBackoff); Objects.requireNonNull(minPollInterval);
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) throw new IllegalArgumentException("baseUrl must be http(s)");
        if (apiKey.isBlank()) throw new IllegalArgumentException("an API key is required");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    /** Defaults: version 2024-11-06, 5 s connect, 30 s per request, 4 attempts, backoff 200 ms doubling to 5 s, polls 5 s apart. */
    public static RunwayClientConfig of(String baseUrl, String apiKey) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new RunwayClientConfig(URI.create(base), apiKey, DEFAULT_API_VERSION, Duration.ofSeconds(5), Duration.ofSeconds(30), 4,
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    public RunwayClientConfig withRequestTimeout(Duration t) {
        return new RunwayClientConfig(baseUrl, apiKey, apiVersion, connectTimeout, t, maxAttempts, initialBackoff, maxBackoff, minPollInterval);
    }

    public RunwayClientConfig withRetries(int attempts, Duration initial, Duration max) {
        return new RunwayClientConfig(baseUrl, apiKey, apiVersion, connectTimeout, requestTimeout, attempts, initial, max, minPollInterval);
    }

    @Override public String toString() {
        return "RunwayClientConfig[baseUrl=" + baseUrl + ", apiKey=***, apiVersion=" + apiVersion + ", requestTimeout=" + requestTimeout
                + ", maxAttempts=" + maxAttempts + "]";
    }
}
