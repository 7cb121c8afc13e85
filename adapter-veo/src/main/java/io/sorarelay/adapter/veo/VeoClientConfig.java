package io.sorarelay.adapter.veo;

import io.sorarelay.adapter.providerhttp.CallbackUrls;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Gemini API is and how patiently to talk to it. {@link #toString()} never shows the key.
 *
 * @param baseUrl      without the version, e.g. {@code https://generativelanguage.googleapis.com} (the SDK's {@code baseUrl})
 * @param apiVersion   the path segment after it, {@code v1beta} for Veo
 * @param maxAttempts  attempts per read for connection errors, timeouts, 5xx and 429 (1 = no retry); a create is
 *                     retried only when its request provably never reached Google
 * @param pollInterval how long to wait between reads of a running operation (Google's samples wait 10 s)
 * @param vertex       Vertex AI's shape in express mode (an API key; {@code publishers/google/models/…}, operations read
 *                     with {@code :fetchPredictOperation}, the video inline) instead of the Gemini API's
 * @param callbacks    where the Gemini API is to POST each operation's {@code video.generated} event (a dynamic webhook,
 *                     {@code webhookConfig.uris}); empty = poll only. Vertex AI has no webhooks: it is never sent there
 * @param clock        what a webhook's signature ({@code exp}, {@code iat}) is checked against
 */
public record VeoClientConfig(URI baseUrl, String apiKey, String apiVersion, Duration connectTimeout, Duration requestTimeout,
                              int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration pollInterval, boolean vertex,
                              Optional<CallbackUrls> callbacks, InstantSource clock) {
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
    public static final String DEFAULT_VERTEX_BASE_URL = "https://aiplatform.googleapis.com";

    public VeoClientConfig {
        Objects.requireNonNull(baseUrl); Objects.requireNonNull(apiKey); Objects.requireNonNull(apiVersion);
        Objects.requireNonNull(connectTimeout); Objects.requireNonNull(requestTimeout); Objects.requireNonNull(initialBackoff);
        Objects.requireNonNull(maxBackoff); Objects.requireNonNull(pollInterval); Objects.requireNonNull(callbacks); Objects.requireNonNull(clock);
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) throw new IllegalArgumentException("baseUrl must be http(s)");
        if (apiKey.isBlank()) throw new IllegalArgumentException("an API key is required");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    /** Defaults: v1beta, 5 s connect, 30 s per request, 4 attempts, backoff 200 ms doubling to 5 s, polls at least 5 s apart. */
    public static VeoClientConfig of(String baseUrl, String apiKey) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new VeoClientConfig(URI.create(base), apiKey, "v1beta", Duration.ofSeconds(5), Duration.ofSeconds(30), 4,
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(5), false,
                Optional.empty(), InstantSource.system());
    }

    /** Vertex AI in express mode (an API key, API version {@code v1beta1} as the SDK uses), otherwise as {@link #of}. */
    public static VeoClientConfig vertexExpress(String baseUrl, String apiKey) {
        VeoClientConfig c = of(baseUrl, apiKey);
        return new VeoClientConfig(c.baseUrl, apiKey, "v1beta1", c.connectTimeout, c.requestTimeout, c.maxAttempts, c.initialBackoff,
                c.maxBackoff, c.pollInterval, true, c.callbacks, c.clock);
    }

    public VeoClientConfig withRetries(int attempts, Duration initial, Duration max) {
        return new VeoClientConfig(baseUrl, apiKey, apiVersion, connectTimeout, requestTimeout, attempts, initial, max, pollInterval, vertex,
                callbacks, clock);
    }

    /**
     * Each Gemini API create carries a dynamic webhook: the Gemini API POSTs {@code video.generated} to the URL
     * {@code urls} gives for the task (the relay's: with a per-task token). Ignored in Vertex mode, which has none.
     */
    public VeoClientConfig withCallbacks(CallbackUrls urls) {
        return new VeoClientConfig(baseUrl, apiKey, apiVersion, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff,
                pollInterval, vertex, Optional.of(urls), clock);
    }

    /** The clock a webhook's signature times are checked against (tests step one). */
    public VeoClientConfig withClock(InstantSource clock) {
        return new VeoClientConfig(baseUrl, apiKey, apiVersion, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff,
                pollInterval, vertex, callbacks, clock);
    }

    /** Whether creates carry a webhook: the Gemini API with callbacks configured. */
    public boolean sendsWebhooks() { return !vertex && callbacks.isPresent(); }

    @Override public String toString() {
        return "VeoClientConfig[baseUrl=" + baseUrl + ", apiKey=***, apiVersion=" + apiVersion + ", requestTimeout=" + requestTimeout
                + ", maxAttempts=" + maxAttempts + ", vertex=" + vertex + ", webhooks=" + sendsWebhooks() + "]";
    }
}
