package io.sorarelay.bootstrap.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The simulator's own counters ({@code GET /_sim/stats}) and fault switch: what the upstream really received. */
public final class UpstreamStats {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private UpstreamStats() {}

    public static JsonNode read(int simulatorPort) {
        return call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulatorPort + "/_sim/stats")).GET());
    }

    /**
     * Jobs the upstream made (remixes included). Not creates less replays: a create that made no job (cut off before its
     * body arrived, refused as invalid) would count as one, and a loaded machine cuts some off.
     */
    public static long jobs(int simulatorPort) {
        return read(simulatorPort).path("jobs").asLong();
    }

    /** Merges {@code json} into the simulator's fault settings ({@code POST /_sim/faults}). */
    public static void faults(int simulatorPort, String json) {
        call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulatorPort + "/_sim/faults"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public static void clearFaults(int simulatorPort) {
        call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulatorPort + "/_sim/faults")).DELETE());
    }

    private static JsonNode call(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) throw new IllegalStateException("simulator answered " + r.statusCode() + ": " + r.body());
            return r.body().isEmpty() ? ApiClient.JSON.nullNode() : ApiClient.JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
