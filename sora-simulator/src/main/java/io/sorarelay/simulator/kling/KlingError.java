package io.sorarelay.simulator.kling;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** An error as Kling answers it: an HTTP status and {@code {"code", "message", "request_id"}} (Kling's error-code table). */
final class KlingError extends RuntimeException {
    private final int status;
    private final int code;

    KlingError(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static KlingError invalid(String message) { return new KlingError(400, 1201, message); }

    static KlingError notFound() { return new KlingError(404, 1203, "task not found"); }

    void write(Context ctx) { write(ctx, status, code, getMessage()); }

    static void write(Context ctx, int status, int code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        m.put("request_id", UUID.randomUUID().toString());
        ctx.status(status).json(m);
    }
}
