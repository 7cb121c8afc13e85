package io.sorarelay.simulator.veo;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error in Google's API shape: {@code {"error": {"code", "message", "status", "details"?}}}, {@code code} being the
 * HTTP status and {@code status} the canonical name (INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED...).
 */
final class VeoError extends RuntimeException {
    private final int code;
    private final String status;
    private final String reason;

    VeoError(int code, String status, String message) { this(code, status, message, null); }

    private VeoError(int code, String status, String message, String reason) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.reason = reason;
    }

    static VeoError invalid(String message) { return new VeoError(400, "INVALID_ARGUMENT", message); }

    static VeoError notFound(String message) { return new VeoError(404, "NOT_FOUND", message); }

    /** A key Google does not know is answered 400 with reason {@code API_KEY_INVALID}, not 401. */
    static VeoError badKey() {
        return new VeoError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", "API_KEY_INVALID");
    }

    void write(Context ctx) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", getMessage());
        error.put("status", status);
        if (reason != null)
            error.put("details", List.of(Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", reason, "domain", "googleapis.com")));
        ctx.status(code).json(Map.of("error", error));
    }
}
