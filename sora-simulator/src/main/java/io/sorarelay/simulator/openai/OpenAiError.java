package io.sorarelay.simulator.openai;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An error answered in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}. Validation
 * errors word their message the way the real API did, e.g. {@code Invalid value: '10'. Supported values
 * are: '4', '8', and '12'.} with {@code param: "seconds"}, {@code code: "invalid_value"}.
 */
final class OpenAiError extends RuntimeException {
    static final String INVALID_REQUEST = "invalid_request_error";

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    OpenAiError(int status, String type, String param, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** A 400 about the request as a whole (no single parameter to blame). */
    static OpenAiError badRequest(String code, String message) { return new OpenAiError(400, INVALID_REQUEST, null, code, message); }

    static OpenAiError missing(String param) {
        return new OpenAiError(400, INVALID_REQUEST, param, "missing_required_parameter", "Missing required parameter: '" + param + "'.");
    }

    static OpenAiError invalidValue(String param, String value, List<String> supported) {
        return new OpenAiError(400, INVALID_REQUEST, param, "invalid_value",
                "Invalid value: '" + value + "'. Supported values are: " + quotedList(supported) + ".");
    }

    static OpenAiError invalidType(String param, String expected, Object got) {
        String kind = got instanceof Number ? "a number" : got instanceof Boolean ? "a boolean" : got instanceof Map<?, ?> ? "an object"
                : got instanceof List<?> ? "an array" : "a " + got.getClass().getSimpleName();
        return new OpenAiError(400, INVALID_REQUEST, param, "invalid_type",
                "Invalid type for '" + param + "': expected " + expected + ", but got " + kind + " instead.");
    }

    static OpenAiError videoNotFound(String id) {
        return new OpenAiError(404, INVALID_REQUEST, null, "video_not_found", "No video found with id '" + id + "'.");
    }

    void write(Context ctx) { write(ctx, status, type, param, code, getMessage()); }

    static void write(Context ctx, int status, String type, String param, String code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        ctx.status(status).json(Map.of("error", e));
    }

    /** {@code 'a' and 'b'}, {@code 'a', 'b', and 'c'}: OpenAI's wording. */
    private static String quotedList(List<String> values) {
        List<String> q = values.stream().map(v -> "'" + v + "'").toList();
        if (q.size() < 3) return String.join(" and ", q);
        return q.subList(0, q.size() - 1).stream().collect(Collectors.joining(", ")) + ", and " + q.getLast();
    }
}
