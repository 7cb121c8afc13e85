package io.sorarelay.adapter.minimax;

import io.sorarelay.adapter.providerhttp.CallbackUrls;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where MiniMax is and how patiently to talk to it. {@link #toString()} never shows the key.
 *
 * @param baseUrl     without {@code /v1}: {@code https://api.minimax.io} (global) or {@code https://api.minimaxi.com} (China)
 * @param callbacks   where MiniMax is to POST each task's updates ({@code callback_url}); empty = poll only
 */
public record MinimaxClientConfig(URI baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout, int maxAttempts,
                                  Duration initialBackoff, Duration maxBackoff, Duration pollInterval, Optional<CallbackUrls> callbacks) {
    public static final String DEFAULT_BASE_URL = "https://api.minimax.io";

    public MinimaxClientConfig {
        Objects.requireNonNull(baseUrl); Objects.requireNonNull(apiKey); Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(requestTimeout); Objects.requireNonNull(initialBackoff); Objects.requireNonNull(maxBackoff);
        Objects.requireNonNull(pollInterval); Objects.requireNonNull(callbacks);
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) throw new IllegalArgumentException("baseUrl must be http(s)");
        if (apiKey.isBlank()) throw new IllegalArgumentException("an API key is required");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    /** Defaults: 5 s connect, 30 s per request, 4 attempts, backoff 200 ms doubling to 5 s, polls at least 5 s apart. */
    public static MinimaxClientConfig of(String baseUrl, String apiKey) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new MinimaxClientConfig(URI.create(base), apiKey, Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ofMillis(200),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Optional.empty());
    }

    public MinimaxClientConfig withRetries(int attempts, Duration initial, Duration max) {
        return new MinimaxClientConfig(baseUrl, apiKey, connectTimeout, requestTimeout, attempts, initial, max, pollInterval, callbacks);
    }

    /** MiniMax POSTs task updates to {@code url/{our video id}}. */
    public MinimaxClientConfig withCallbackUrl(URI url) { return withCallbacks(CallbackUrls.under(url)); }

    /** MiniMax POSTs each task's updates to the URL {@code urls} gives for it (the relay's: with a per-task token). */
    public MinimaxClientConfig withCallbacks(CallbackUrls urls) {
        return new MinimaxClientConfig(baseUrl, apiKey, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, pollInterval, Optional.of(urls));
    }

    @Override public String toString() { return "MinimaxClientConfig[baseUrl=" + baseUrl + ", apiKey=***, maxAttempts=" + maxAttempts + "]"; }
}
