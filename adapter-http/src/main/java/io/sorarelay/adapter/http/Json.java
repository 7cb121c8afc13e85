package io.sorarelay.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.sorarelay.application.port.in.GetVideoResultUseCase;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.VideoTask;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** JSON in and out: strict parsing of request bodies, and the contract's task object. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule().addSerializer(TaskJson.class, new TaskJsonWriter()))
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

    /**
     * A string or number field as text (the original sends {@code duration} as a number). A whole number is its
     * digits as sent: one past a long's range must not wrap around into a valid value.
     */
    static Optional<String> scalar(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (v.isIntegralNumber()) return Optional.of(v.bigIntegerValue().toString());
        if (v.isTextual()) return Optional.of(v.asText());
        throw ApiException.invalid(field, field + " must be a string or a whole number");
    }

    static String iso(Instant t) { return t == null ? null : t.toString(); }

    /** The contract's task object. */
    static TaskJson task(VideoTask task) { return task(task.view()); }

    static TaskJson task(TaskView v) { return new TaskJson(v, false); }

    /**
     * The contract's task object, as {@link #MAPPER} writes it: field by field, with no map in between (every
     * create, read and stream event writes one). {@code remixAlias} adds {@code remixed_from}, the original's name
     * for {@code remixedFrom} in a remix's answer.
     */
    record TaskJson(TaskView view, boolean remixAlias, java.util.Optional<GetVideoResultUseCase.ResultView> result) {
        TaskJson(TaskView view, boolean remixAlias) { this(view, remixAlias, java.util.Optional.empty()); }
    }

    private static final class TaskJsonWriter extends StdSerializer<TaskJson> {
        TaskJsonWriter() { super(TaskJson.class); }

        @Override
        public void serialize(TaskJson t, JsonGenerator g, SerializerProvider provider) throws IOException {
            TaskView v = t.view();
            g.writeStartObject();
            g.writeStringField("videoId", v.videoId());
            g.writeStringField("clientRequestId", v.clientRequestId());
            g.writeStringField("externalTaskId", v.externalTaskId());
            g.writeStringField("type", v.type());
            g.writeStringField("status", v.status().name());
            g.writeNumberField("progress", v.progress());
            // Only an estimated figure says so (a provider that reports none): other tasks' objects stay as they were.
            if (v.progressEstimated()) g.writeBooleanField("progressEstimated", true);
            g.writeStringField("model", v.model());
            g.writeStringField("prompt", v.prompt());
            g.writeStringField("seconds", v.seconds());
            g.writeStringField("size", v.size());
            g.writeStringField("remixedFrom", v.remixedFrom());
            g.writeStringField("remixedFromExternal", v.remixedFromExternal());
            g.writeStringField("retryOf", v.retryOf());
            g.writeStringField("videoUrl", v.status() == TaskStatus.COMPLETED ? "/api/video/tasks/" + v.videoId() + "/content" : null);
            if (v.error() == null) {
                g.writeNullField("error");
            } else {
                g.writeObjectFieldStart("error");
                g.writeStringField("code", v.error().code());
                g.writeStringField("message", v.error().message());
                g.writeEndObject();
            }
            g.writeStringField("createdAt", iso(v.createdAt()));
            g.writeStringField("updatedAt", iso(v.updatedAt()));
            g.writeStringField("completedAt", iso(v.completedAt()));
            if (v.cost() != null) {
                // Only a task that costs something has one: a free task's object stays as it was.
                g.writeObjectFieldStart("cost");
                g.writeNumberField("credits", v.cost().credits());
                g.writeStringField("state", v.cost().state());
                g.writeEndObject();
            }
            if (t.remixAlias()) g.writeStringField("remixed_from", v.remixedFrom());
            if (t.result().isPresent()) {
                g.writeObjectFieldStart("result");
                g.writeStringField("state", t.result().get().state().name());
                g.writeStringField("expiresAt", t.result().get().expiresAt().map(Json::iso).orElse(null));
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }
}
