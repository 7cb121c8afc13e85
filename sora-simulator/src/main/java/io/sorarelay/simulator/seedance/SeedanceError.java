package io.sorarelay.simulator.seedance;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An error answered in Volcengine Ark's shape, {@code {"error": {"code", "message", "param", "type"}}} with the message
 * ending in {@code Request ID: ...} (ModelArk "Error codes"), which {@code volcengine-java-sdk-ark-runtime} reads into an
 * {@code ArkHttpException} ({@code statusCode}, {@code code}, {@code param}, {@code type}).
 */
final class SeedanceError extends RuntimeException {
    private final int status;
    private final String code;
    private final String type;
    private final String param;

    SeedanceError(int status, String code, String type, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.type = type;
        this.param = param;
    }

    static SeedanceError invalid(String param, String message) {
        return new SeedanceError(400, "InvalidParameter", "BadRequest", param, message);
    }

    static SeedanceError missing(String param) {
        return new SeedanceError(400, "MissingParameter", "BadRequest", param,
                "The request failed because it is missing one or multiple required parameters: " + param + ".");
    }

    int status() { return status; }

    void write(Context ctx) { write(ctx, status, code, type, param, getMessage()); }

    static void write(Context ctx, int status, String code, String type, String param, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message + " Request ID: " + requestId());
        if (param != null) error.put("param", param);
        error.put("type", type);
        ctx.status(status).json(Map.of("error", error));
    }

    static String requestId() { return UUID.randomUUID().toString().replace("-", ""); }
}
