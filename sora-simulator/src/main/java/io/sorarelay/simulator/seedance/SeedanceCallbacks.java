package io.sorarelay.simulator.seedance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.simulator.engine.Stats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Ark's {@code callback_url} delivery: the task object, as a query would answer it, POSTed as JSON with no signature
 * (Ark documents none); an answer other than 2xx within 5 seconds is retried, three attempts in all.
 */
final class SeedanceCallbacks {
    static final int ATTEMPTS = 3;
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stats stats;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    SeedanceCallbacks(Stats stats) { this.stats = stats; }

    /** Delivers {@code task} to {@code url}; runs on the engine's virtual thread, so it may block. */
    void deliver(String url, Map<String, Object> task) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(task);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(ACK_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                stats.count(Stats.Counter.WEBHOOKS_SENT);
                if (status / 100 == 2) return;
            } catch (IOException e) {
                // not acknowledged: the next attempt follows
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
