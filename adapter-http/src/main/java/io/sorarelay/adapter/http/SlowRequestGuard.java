package io.sorarelay.adapter.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends connections that send a request too slowly. Jetty's idle timeout (set here on every connector) cuts a
 * connection that sends nothing; a client that trickles one byte of its headers every few seconds is never idle, and
 * Jetty 12 has no header or body rate of its own (its {@code minRequestDataRate} setting is not enforced). So one
 * platform thread looks at every connection a few times per {@code headerTimeout} and closes one that
 * <ul>
 * <li>has spent longer than {@code headerTimeout} on one request's line and headers, or</li>
 * <li>has been receiving one request's body for longer than {@code headerTimeout} at less than
 *     {@code minBodyBytesPerSecond} on average, while the handler waited for it (a handler that works before it
 *     reads, e.g. on a slow dependency, does not count against the client).</li>
 * </ul>
 * An SSE stream is a request whose headers and (empty) body are done: it is never judged here, only by the idle
 * timeout, which its heartbeats keep away. A verdict needs two looks at the same request (Jetty counts requests per
 * connection), so a connection is never judged on one stale read of the parser's state.
 * <p>
 * This reads Jetty's HTTP/1.1 connection ({@code org.eclipse.jetty.server.internal}): the one place that knows where
 * a request's parse stands. A Jetty upgrade that moves it fails to compile here, not silently.
 */
final class SlowRequestGuard implements LifeCycle.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SlowRequestGuard.class);

    private final HttpProtection protection;
    private final long headerNanos;
    private final Counter slowHeaders, slowBodies;
    private ScheduledExecutorService timer;
    /** What the previous look saw of each connection that was receiving a request. */
    private Map<HttpConnection, Seen> seen = new HashMap<>();

    private enum Phase { HEADERS, BODY }

    private record Seen(long request, Phase phase, long sinceNanos, long bytesIn) {}

    SlowRequestGuard(HttpProtection protection, MeterRegistry meters) {
        this.protection = protection;
        this.headerNanos = protection.headerTimeout().toNanos();
        this.slowHeaders = closed(meters, "headers");
        this.slowBodies = closed(meters, "body");
    }

    private static Counter closed(MeterRegistry meters, String phase) {
        return Counter.builder("relay_http_slow_requests_closed").tag("phase", phase)
                .description("connections closed because a request's headers or body arrived too slowly").register(meters);
    }

    @Override
    public void lifeCycleStarting(LifeCycle event) {
        if (!(event instanceof Server server)) return;
        for (Connector c : server.getConnectors()) {
            if (c instanceof AbstractConnector connector) connector.setIdleTimeout(protection.idleTimeout().toMillis());
        }
        long period = Math.max(50, protection.headerTimeout().toMillis() / 4);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slow-request-guard");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                look(server);
            } catch (RuntimeException e) {
                LOG.warn("slow-request check failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void lifeCycleStopping(LifeCycle event) {
        if (event instanceof Server && timer != null) timer.shutdownNow();
    }

    /** One look at every connection; only the timer's thread calls it. */
    void look(Server server) {
        long now = System.nanoTime();
        Map<HttpConnection, Seen> next = new HashMap<>();
        for (Connector c : server.getConnectors()) {
            for (EndPoint endPoint : c.getConnectedEndPoints()) {
                if (!(endPoint.getConnection() instanceof HttpConnection http)) continue;
                HttpParser parser = http.getParser();
                Phase phase = parser.isIdle() ? null
                        : parser.inHeaderState() ? Phase.HEADERS
                        : parser.inContentState() ? Phase.BODY : null;
                if (phase == null) continue;
                long request = http.getMessagesIn();
                if (phase == Phase.BODY && !http.isFillInterested()) {
                    // The handler is not waiting for the body (it works, or reads what has arrived): the client is not
                    // the one holding the request up, so its pace is measured only from the next wait on.
                    next.put(http, new Seen(request, phase, now, http.getBytesIn()));
                    continue;
                }
                Seen before = seen.get(http);
                Seen current = before != null && before.request() == request && before.phase() == phase ? before
                        : new Seen(request, phase, phase == Phase.HEADERS ? parser.getBeginNanoTime() : now, http.getBytesIn());
                if (current == before && tooSlow(current, now, http.getBytesIn())) {
                    // Debug only: a slow client is a routine event (the counter shows how many), and a flood of them must
                    // not flood the log.
                    LOG.debug("closing a connection from {}: its request's {} arrived too slowly", endPoint.getRemoteSocketAddress(),
                            phase == Phase.HEADERS ? "headers" : "body");
                    (phase == Phase.HEADERS ? slowHeaders : slowBodies).increment();
                    endPoint.close();
                    continue;
                }
                next.put(http, current);
            }
        }
        seen = next;
    }

    private boolean tooSlow(Seen s, long now, long bytesIn) {
        long elapsed = now - s.sinceNanos();
        if (elapsed <= headerNanos) return false;
        if (s.phase() == Phase.HEADERS) return true;
        long received = bytesIn - s.bytesIn();
        return received < protection.minBodyBytesPerSecond() * (double) elapsed / 1e9;
    }
}
