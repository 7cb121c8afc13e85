package io.sorarelay.adapter.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.VideoTask;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** JSON in and out: strict parsing of request bodies, and the contract's task object. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /** The body as a JSON object, or a 400 naming what is wrong. */
    static JsonNode object(byte[] body) {
        if (body.length == 0) throw ApiException.invalid("body", "a JSON object is required");
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.of(400, "malformed_json", "the body is not valid JSON");
        }
        if (n == null || !n.isObject()) throw ApiException.invalid("body", "a JSON object is required");
        return n;
    }

    /** An optional string field; a present non-string is a 400. */
    static Optional<String> text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual()) throw ApiException.invalid(field, field + " must be a string");
        return Optional.of(v.asText());
    }

    /** A string or number field as text (the original sends {@code duration} as a number). */
    static Optional<String> scalar(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (v.isIntegralNumber()) return Optional.of(Long.toString(v.asLong()));
        if (v.isTextual()) return Optional.of(v.asText());
        throw ApiException.invalid(field, field + " must be a string or a whole number");
    }

    static String iso(Instant t) { return t == null ? null : t.toString(); }

    /** The contract's task object. */
    static Map<String, Object> task(VideoTask task) { return task(task.view()); }

    static Map<String, Object> task(TaskView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("videoId", v.videoId());
        m.put("clientRequestId", v.clientRequestId());
        m.put("externalTaskId", v.externalTaskId());
        m.put("type", v.type());
        m.put("status", v.status().name());
        m.put("progress", v.progress());
        m.put("model", v.model());
        m.put("prompt", v.prompt());
        m.put("seconds", v.seconds());
        m.put("size", v.size());
        m.put("remixedFrom", v.remixedFrom());
        m.put("remixedFromExternal", v.remixedFromExternal());
        m.put("retryOf", v.retryOf());
        m.put("videoUrl", v.status() == TaskStatus.COMPLETED ? "/api/video/tasks/" + v.videoId() + "/content" : null);
        m.put("error", v.error() == null ? null : Map.of("code", v.error().code(), "message", v.error().message()));
        m.put("createdAt", iso(v.createdAt()));
        m.put("updatedAt", iso(v.updatedAt()));
        m.put("completedAt", iso(v.completedAt()));
        return m;
    }
}
