package io.sorarelay.simulator.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Delivers a protocol's callbacks and webhooks: a JSON POST to the URL the create named (or the configured one), with
 * the headers the protocol adds (a signature, or none), tried up to {@code attempts} times until answered 2xx within
 * {@code ackTimeout}. Runs on the engine's virtual threads, so it may block. Each attempt is counted as
 * {@link Stats.Counter#WEBHOOKS_SENT}.
 */
public final class CallbackSender {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stats stats;
    private final int attempts;
    private final Duration ackTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public CallbackSender(Stats stats, int attempts, Duration ackTimeout) {
        this.stats = Objects.requireNonNull(stats);
        this.ackTimeout = Objects.requireNonNull(ackTimeout);
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
        this.attempts = attempts;
    }

    /** POSTs {@code body} as JSON to {@code url}; the answer is dropped after the last attempt. */
    public void post(String url, Map<String, ?> body) { post(url, Map.of(), json(body)); }

    /** POSTs {@code body} to {@code url} with {@code headers}; answers the last attempt's answer, if any came. */
    public Optional<HttpResponse<byte[]>> post(String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder req;
        try {
            req = HttpRequest.newBuilder(URI.create(url)).timeout(ackTimeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } catch (IllegalArgumentException e) {
            return Optional.empty();   // not a URL we can post to: nobody to tell
        }
        headers.forEach(req::header);
        Optional<HttpResponse<byte[]>> last = Optional.empty();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                last = Optional.of(http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray()));
                stats.count(Stats.Counter.WEBHOOKS_SENT);
                if (last.get().statusCode() / 100 == 2) return last;
            } catch (IOException e) {
                // not acknowledged: the next attempt follows
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        }
        return last;
    }

    public static byte[] json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
