package io.sorarelay.adapter.wan;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Where DashScope is and how patiently to talk to it. {@link #toString()} never shows the key.
 *
 * @param baseUrl        with {@code /api/v1}, e.g. {@code https://dashscope-intl.aliyuncs.com/api/v1} (the SDK's
 *                       {@code baseHttpApiUrl}); model, host and key must be of the same region
 * @param maxAttempts    attempts per read or cancel for connection errors, timeouts, 5xx and 429 (1 = no retry); a create
 *                       is retried only when its request provably never reached DashScope
 * @param pollInterval   how long after a read to read again (Model Studio suggests about 15 s for video)
 * @param clock          what "now" is for the lost-answer search (DashScope's clock, as far as we can tell)
 * @param recoveryMargin how far around a create whose answer was lost to look for the task it may have made
 */
public record WanClientConfig(URI baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout, int maxAttempts,
                              Duration initialBackoff, Duration maxBackoff, Duration pollInterval, InstantSource clock,
                              Duration recoveryMargin) {
    public static final String DEFAULT_BASE_URL = "https://dashscope-intl.aliyuncs.com/api/v1";

    public WanClientConfig {
        Objects.requireNonNull(baseUrl); Objects.requireNonNull(apiKey); Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(requestTimeout); Objects.requireNonNull(initialBackoff); Objects.requireNonNull(maxBackoff);
        Objects.requireNonNull(pollInterval); Objects.requireNonNull(clock); Objects.requireNonNull(recoveryMargin);
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) throw new IllegalArgumentException("baseUrl must be http(s)");
        if (apiKey.isBlank()) throw new IllegalArgumentException("an API key is required");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    /** Defaults: 5 s connect, 30 s per request, 4 attempts, backoff 200 ms doubling to 5 s, reads 15 s apart, a 2 min search margin. */
    public static WanClientConfig of(String baseUrl, String apiKey) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new WanClientConfig(URI.create(base), apiKey, Duration.ofSeconds(5), Duration.ofSeconds(30), 4,
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(15), InstantSource.system(), Duration.ofMinutes(2));
    }

    public WanClientConfig withRetries(int attempts, Duration initial, Duration max) {
        return new WanClientConfig(baseUrl, apiKey, connectTimeout, requestTimeout, attempts, initial, max, pollInterval, clock, recoveryMargin);
    }

    public WanClientConfig withClock(InstantSource c) {
        return new WanClientConfig(baseUrl, apiKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, pollInterval, c, recoveryMargin);
    }

    public WanClientConfig withRequestTimeout(Duration t) {
        return new WanClientConfig(baseUrl, apiKey, connectTimeout, t, maxAttempts, initialBackoff, maxBackoff, pollInterval, clock, recoveryMargin);
    }

    @Override public String toString() {
        return "WanClientConfig[baseUrl=" + baseUrl + ", apiKey=***, requestTimeout=" + requestTimeout + ", maxAttempts=" + maxAttempts + "]";
    }
}
