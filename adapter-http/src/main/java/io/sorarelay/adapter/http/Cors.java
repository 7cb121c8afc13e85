package io.sorarelay.adapter.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin access for a browser application served from another origin ({@code HttpSettings.corsOrigins}). Off
 * unless origins are given: then this registers nothing and a browser refuses cross-origin answers, as before. The
 * API authenticates with a bearer token, never a cookie, so credentials are not allowed; {@code *} is honoured only
 * when it is given, alone. A request from an origin not on the list is served as usual, without CORS headers, and the
 * browser withholds the answer from the page: refusing it here would add nothing.
 */
final class Cors {
    static final String ANY_ORIGIN = "*";
    /** The methods the routes use. */
    static final String ALLOWED_METHODS = "GET, POST, DELETE";
    /** The request headers the API reads beyond the CORS-safelisted ones. */
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, Last-Event-ID, Range, X-Request-Id";
    /** The response headers a page may read beyond the safelisted ones. */
    static final String EXPOSED_HEADERS = "X-Request-Id, Retry-After, Idempotent-Replayed, Content-Range, Accept-Ranges, Content-Disposition";
    /** How long a browser may reuse a preflight's answer. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final Set<String> origins;
    private final boolean anyOrigin;

    Cors(Set<String> origins) {
        Objects.requireNonNull(origins);
        if (origins.contains(ANY_ORIGIN) && origins.size() > 1)
            throw new IllegalArgumentException("CORS origins: '*' stands alone, not beside other origins");
        this.origins = origins.stream().map(Cors::normalize).collect(Collectors.toUnmodifiableSet());
        this.anyOrigin = origins.contains(ANY_ORIGIN);
    }

    /** Registers the before-handler; with no origin allowed nothing at all. Runs first, so a preflight ends there. */
    void install(RoutesConfig routes) {
        if (!origins.isEmpty()) routes.before(this::apply);
    }

    boolean allows(String origin) {
        return anyOrigin || origins.contains(normalize(origin));
    }

    private void apply(Context ctx) {
        // Answers differ by the asking origin: a shared cache must not hand one origin's answer to another.
        if (!anyOrigin) ctx.res().addHeader("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin == null || !allows(origin)) return;
        ctx.header("Access-Control-Allow-Origin", anyOrigin ? ANY_ORIGIN : origin);
        if (ctx.method() == HandlerType.OPTIONS && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", Long.toString(MAX_AGE.toSeconds()));
            ctx.status(204);
            // The preflight is answered here: no route serves OPTIONS, and none of the other handlers has a say.
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }

    /** Scheme and host are case-insensitive; a browser sends them in lower case. */
    private static String normalize(String origin) {
        return origin.strip().toLowerCase(Locale.ROOT);
    }
}
