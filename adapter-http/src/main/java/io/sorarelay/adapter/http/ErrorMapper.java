package io.sorarelay.adapter.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.domain.InvalidValueException;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every failure to its status and error code, in one place: a use case's {@link Problem}, a value object's refusal,
 * an unreachable dependency, what Javalin and Jetty reject, and the unexpected (500 with an id to find it in the log).
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private final Envelope envelope;

    ErrorMapper(Envelope envelope) { this.envelope = envelope; }

    /** The value of a use case's answer, or its problem thrown as the envelope's error. */
    static <T> T value(Outcome<T> o) {
        return switch (o) {
            case Outcome.Ok<T> ok -> ok.value();
            case Outcome.Err<T> err -> throw problem(err.problem());
        };
    }

    static ApiException problem(Problem p) {
        return switch (p) {
            case Problem.NotFound n -> ApiException.of(404, n.code(), n.message());
            case Problem.Invalid i -> ApiException.invalid(i.field(), i.message());
            case Problem.Conflict c -> ApiException.of(409, c.code(), c.message());
            case Problem.KeyReused k -> ApiException.of(422, k.code(), k.message());
            case Problem.Unauthorized u -> ApiException.of(401, u.code(), u.message());
            case Problem.Limited l -> new ApiException(429, l.code(), l.message(), Optional.empty(), Optional.of(l.retryAfter()));
            case Problem.InsufficientCredits c -> new ApiException(402, c.code(), c.message(),
                    Optional.of(Map.<String, Object>of("required", c.required(), "available", c.available())), Optional.empty());
            case Problem.Unavailable u -> new ApiException(503, u.code(), u.message(), Optional.empty(), Optional.of(u.retryAfter()));
        };
    }

    void install(RoutesConfig r) {
        r.exception(ApiException.class, (e, ctx) -> envelope.error(ctx, e));
        r.exception(InvalidValueException.class, (e, ctx) -> envelope.error(ctx, ApiException.invalid(e.field(), e.getMessage())));
        r.exception(DependencyUnavailableException.class, (e, ctx) -> {
            LOG.warn("{} unavailable: {}", e.dependency(), e.getCause() == null ? e.getMessage() : e.getCause().toString());
            envelope.error(ctx, new ApiException(503, "dependency_unavailable", e.dependency() + " is unavailable; retry shortly",
                    Optional.empty(), Optional.of(e.retryAfter())));
        });
        // Javalin answers an unknown route by throwing (not through the 404 error handler below): same code either way.
        r.exception(HttpResponseException.class, (e, ctx) -> envelope.error(ctx, switch (e.getStatus()) {
            case 404 -> notFound(ctx);
            case 405 -> methodNotAllowed();
            default -> ApiException.of(e.getStatus(), codeFor(e.getStatus()), e.getMessage());
        }));
        r.exception(Exception.class, (e, ctx) -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BadMessageException bad) {
                    envelope.error(ctx, ApiException.of(bad.getCode() >= 400 && bad.getCode() < 500 ? bad.getCode() : 400, "bad_request",
                            "the request cannot be read: " + bad.getReason()));
                    return;
                }
            }
            String id = UUID.randomUUID().toString();
            LOG.error("unexpected error {} on {} {}", id, ctx.method(), ctx.path(), e);
            envelope.error(ctx, new ApiException(500, "internal_error", "unexpected error (id " + id + ")",
                    Optional.of(Map.of("errorId", id)), Optional.empty()));
        });
        r.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) envelope.error(ctx, notFound(ctx));
        });
        r.error(405, ctx -> envelope.error(ctx, methodNotAllowed()));
    }

    private static ApiException notFound(Context ctx) {
        return ApiException.of(404, "route_not_found", "no route " + ctx.method() + " " + ctx.path());
    }

    private static ApiException methodNotAllowed() { return ApiException.of(405, "method_not_allowed", "method not allowed"); }

    /** The error code of a bare status, for what Javalin or Jetty refuse without saying more (docs/api.md lists them). */
    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "route_not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 416 -> "range_not_satisfiable";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }
}
