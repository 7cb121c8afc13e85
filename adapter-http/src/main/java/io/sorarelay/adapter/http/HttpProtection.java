package io.sorarelay.adapter.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What keeps one client from holding the server: stream caps, connection timeouts, and the token that guards
 * {@code /metrics}. The defaults are documented in docs/configuration.md; bootstrap fills them from the environment.
 *
 * @param maxStreamsPerUser  open SSE streams of one user on this node; past it a new stream is a 429
 * @param maxStreamsPerNode  open SSE streams on this node, all users together
 * @param idleTimeout        a connection with nothing to read or write for this long is closed (SSE heartbeats
 *                           keep a stream busy, so the heartbeat must be shorter)
 * @param headerTimeout      a request's line and headers must all arrive within this, however slowly they trickle
 * @param minBodyBytesPerSecond a body that arrives slower than this, on average once it has taken {@code headerTimeout},
 *                           ends its connection
 * @param metricsToken       when present, {@code /metrics} requires {@code Authorization: Bearer <token>}
 */
public record HttpProtection(int maxStreamsPerUser, int maxStreamsPerNode, Duration idleTimeout, Duration headerTimeout,
                             long minBodyBytesPerSecond, Optional<String> metricsToken) {
    public HttpProtection {
        Objects.requireNonNull(idleTimeout); Objects.requireNonNull(headerTimeout); Objects.requireNonNull(metricsToken);
        if (maxStreamsPerUser < 1 || maxStreamsPerNode < 1) throw new IllegalArgumentException("stream caps must be positive");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idleTimeout must be positive");
        if (headerTimeout.isNegative() || headerTimeout.isZero()) throw new IllegalArgumentException("headerTimeout must be positive");
        if (minBodyBytesPerSecond < 0) throw new IllegalArgumentException("minBodyBytesPerSecond must not be negative");
        metricsToken = metricsToken.filter(t -> !t.isBlank());
    }

    /** 10 streams per user, 5,000 per node, 30 s idle, 10 s for the headers, bodies at 1 KiB/s at least, open metrics. */
    public static HttpProtection defaults() {
        return new HttpProtection(10, 5_000, Duration.ofSeconds(30), Duration.ofSeconds(10), 1024, Optional.empty());
    }

    public HttpProtection withStreamCaps(int perUser, int perNode) {
        return new HttpProtection(perUser, perNode, idleTimeout, headerTimeout, minBodyBytesPerSecond, metricsToken);
    }

    public HttpProtection withTimeouts(Duration idle, Duration header, long minBodyRate) {
        return new HttpProtection(maxStreamsPerUser, maxStreamsPerNode, idle, header, minBodyRate, metricsToken);
    }

    public HttpProtection withMetricsToken(Optional<String> token) {
        return new HttpProtection(maxStreamsPerUser, maxStreamsPerNode, idleTimeout, headerTimeout, minBodyBytesPerSecond, token);
    }

    /** The token is a secret: never in a log line. */
    @Override public String toString() {
        return "HttpProtection[streams " + maxStreamsPerUser + "/user, " + maxStreamsPerNode + "/node, idle " + idleTimeout
                + ", headers " + headerTimeout + ", body >= " + minBodyBytesPerSecond + " B/s, metrics "
                + (metricsToken.isPresent() ? "token" : "open") + "]";
    }
}
