package io.sorarelay.simulator.wan;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An error answered in DashScope's shape: {@code {"request_id", "code", "message"}} with the HTTP status, as the
 * Model Studio error-code reference lists them and as {@code dashscope-sdk-java} parses them into an
 * {@code ApiException} (its {@code Status} carries {@code statusCode}, {@code code}, {@code message}, {@code requestId}).
 */
final class WanError extends RuntimeException {
    static final String INVALID_PARAMETER = "InvalidParameter";
    /** Input or output moderation ("Input or output data may contain inappropriate content."). */
    static final String DATA_INSPECTION = "DataInspectionFailed";

    private final int status;
    private final String code;

    WanError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static WanError invalid(String message) { return new WanError(400, INVALID_PARAMETER, message); }

    static WanError inspection() { return new WanError(400, DATA_INSPECTION, "Input or output data may contain inappropriate content."); }

    int status() { return status; }

    String code() { return code; }

    void write(Context ctx) { write(ctx, status, code, getMessage()); }

    static void write(Context ctx, int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", requestId());
        body.put("code", code);
        body.put("message", message);
        ctx.status(status).json(body);
    }

    static String requestId() { return UUID.randomUUID().toString(); }
}
