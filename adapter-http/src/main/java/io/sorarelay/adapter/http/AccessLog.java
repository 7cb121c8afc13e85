package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.domain.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One line per answered request: method, the matched route template (never the raw path, which holds ids and, for the
 * stream, a ticket or token in its query), status, time taken and the caller's user id. The request id comes from the
 * MDC. A stream's line is written when the stream ends. Probes and scrapes log at DEBUG: they come every few seconds.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final String USER = "accessLog.userId";
    private static final Set<String> PROBES = Set.of("/health", "/health/live", "/health/ready", "/metrics");

    private AccessLog() {}

    /** Who the request turned out to be from, once it has authenticated. */
    static void identify(Context ctx, UserId user) {
        ctx.attribute(USER, user.value());
    }

    static void record(Context ctx, long startNanos) {
        String route = RelayHttpServer.routeOf(ctx);   // the metrics' label too: a log line and a series name the same route
        int status = ctx.statusCode();
        Level level = status >= 500 ? Level.WARN : PROBES.contains(route) ? Level.DEBUG : Level.INFO;
        if (!LOG.isEnabledForLevel(level)) return;
        String user = ctx.attribute(USER);
        LOG.atLevel(level).setMessage("request")
                .addKeyValue("method", ctx.method().name())
                .addKeyValue("route", route)
                .addKeyValue("status", status)
                .addKeyValue("ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos))
                .addKeyValue("userId", user == null ? "-" : user)
                .log();
    }
}
