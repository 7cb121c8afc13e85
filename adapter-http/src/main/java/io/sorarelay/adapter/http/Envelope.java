package io.sorarelay.adapter.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The contract's envelope: {@code {success, data, requestTime}} or {@code {success, code, message, error, requestTime}}. */
final class Envelope {
    private final InstantSource clock;

    Envelope(InstantSource clock) { this.clock = clock; }

    void ok(Context ctx, int status, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", true);
        m.put("data", data);
        m.put("requestTime", clock.instant().toString());
        writeJson(ctx.status(status), m);
    }

    void error(Context ctx, ApiException e) {
        e.retryAfter.ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        // The OpenAI-compatible front door answers its errors in OpenAI's shape, which its SDKs parse.
        if (isOpenAiPath(ctx.path())) writeJson(ctx.status(e.status), OpenAiJson.error(e));
        else writeJson(ctx.status(e.status), errorBody(e.code, e.getMessage(), e.details));
    }

    static boolean isOpenAiPath(String path) { return path != null && (path.equals("/v1") || path.startsWith("/v1/")); }

    /** The error body; also for the errors Jetty answers before a route runs. */
    Map<String, Object> errorBody(String code, String message, Optional<Map<String, Object>> details) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", code);
        err.put("message", message);
        details.ifPresent(d -> err.put("details", d));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", false);
        m.put("code", code);
        m.put("message", message);
        m.put("error", err);
        m.put("requestTime", clock.instant().toString());
        return m;
    }

    static void writeJson(Context ctx, Object value) {
        try {
            ctx.contentType("application/json; charset=utf-8").result(Json.MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
