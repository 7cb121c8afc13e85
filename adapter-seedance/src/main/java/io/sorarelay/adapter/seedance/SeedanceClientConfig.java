package io.sorarelay.adapter.seedance;

import io.sorarelay.adapter.providerhttp.CallbackUrls;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Volcengine Ark (or BytePlus ModelArk) is and how patiently to talk to it. {@link #toString()} shows neither the
 * key nor a callback URL (its token is a secret).
 *
 * @param baseUrl        with {@code /api/v3}, e.g. {@code https://ark.cn-beijing.volces.com/api/v3} or
 *                       {@code https://ark.ap-southeast.bytepluses.com/api/v3} (the SDK's {@code baseUrl})
 * @param maxAttempts    attempts per read or delete for connection errors, timeouts, 5xx and 429 (1 = no retry); a create
 *                       is retried only when its request provably never reached Ark
 * @param pollInterval   how long after a read to read again
 * @param clock          what "now" is for the lost-answer search
 * @param recoveryMargin how far around a create whose answer was lost to look for the task it may have made
 * @param callbacks      where Ark should POST each task's status changes ({@code callback_url}); empty = poll only
 */
public record SeedanceClientConfig(URI baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout, int maxAttempts,
                                   Duration initialBackoff, Duration maxBackoff, Duration pollInterval, InstantSource clock,
                                   Duration recoveryMargin, Optional<CallbackUrls> callbacks) {
    public static final String DEFAULT_BASE_URL = "https://ark.cn-beijing.volces.com/api/v3";

    public SeedanceClientConfig {
        Objects.requireNonNull(baseUrl); Objects.requireNonNull(apiKey); Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(requestTimeout); Objects.requireNonNull(initialBackoff); Objects.requireNonNull(maxBackoff);
        Objects.requireNonNull(pollInterval); Objects.requireNonNull(clock); Objects.requireNonNull(recoveryMargin);
        Objects.requireNonNull(callbacks);
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) throw new IllegalArgumentException("baseUrl must be http(s)");
        if (apiKey.isBlank()) throw new IllegalArgumentException("an API key is required");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    /** Defaults: 5 s connect, 30 s per request, 4 attempts, backoff 200 ms doubling to 5 s, reads at least 5 s apart, a 2 min search margin, no callbacks. */
    public static SeedanceClientConfig of(String baseUrl, String apiKey) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new SeedanceClientConfig(URI.create(base), apiKey, Duration.ofSeconds(5), Duration.ofSeconds(30), 4,
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(5), InstantSource.system(), Duration.ofMinutes(2),
                Optional.empty());
    }

    public SeedanceClientConfig withRetries(int attempts, Duration initial, Duration max) {
        return new SeedanceClientConfig(baseUrl, apiKey, connectTimeout, requestTimeout, attempts, initial, max, pollInterval, clock,
                recoveryMargin, callbacks);
    }

    public SeedanceClientConfig withClock(InstantSource c) {
        return new SeedanceClientConfig(baseUrl, apiKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, pollInterval, c,
                recoveryMargin, callbacks);
    }

    /** Asks Ark to POST each task's status changes to the URL {@code urls} gives for it (the relay's: with a per-task token). */
    public SeedanceClientConfig withCallbacks(CallbackUrls urls) {
        return new SeedanceClientConfig(baseUrl, apiKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, pollInterval, clock,
                recoveryMargin, Optional.of(urls));
    }

    @Override public String toString() {
        return "SeedanceClientConfig[baseUrl=" + baseUrl + ", apiKey=***, requestTimeout=" + requestTimeout + ", maxAttempts=" + maxAttempts
                + ", callbacks=" + (callbacks.isPresent() ? "on" : "off") + "]";
    }
}
