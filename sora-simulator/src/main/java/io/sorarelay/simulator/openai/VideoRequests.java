package io.sorarelay.simulator.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a create or remix body and validates it as the real API did: {@code prompt} required (1 to 32,000
 * characters), {@code model} one of {@link VideoModels}, {@code seconds} and {@code size} among that model's
 * values. The API documented {@code seconds} and {@code size} as string enums ({@code "4"}, not {@code 4}),
 * so a JSON number is an {@code invalid_type}; a multipart form's fields are strings anyway.
 */
final class VideoRequests {
    static final int MAX_PROMPT_LENGTH = 32_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CREATE_FIELDS = List.of("prompt", "model", "seconds", "size");

    private VideoRequests() {}

    /** The create's fields as sent (absent and JSON {@code null} alike left out): JSON values keep their type. */
    static Map<String, Object> createFields(Context ctx) {
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (contentType.startsWith("multipart/form-data")) {
            for (String name : CREATE_FIELDS) {
                String v = ctx.formParam(name);
                if (v != null) fields.put(name, v);
            }
            UploadedFile ref = ctx.uploadedFile("input_reference");
            if (ref != null && ref.size() == 0) throw OpenAiError.badRequest("invalid_input_reference", "input_reference is empty");
        } else if (contentType.startsWith("application/json")) {
            Map<String, Object> body = jsonObject(ctx);
            for (String name : CREATE_FIELDS) {
                Object v = body.get(name);
                if (v != null) fields.put(name, v);
            }
        } else {
            throw OpenAiError.badRequest("unsupported_content_type", "Send application/json or multipart/form-data.");
        }
        return fields;
    }

    /** The body as a JSON object, or an {@code invalid_json} error. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(Context ctx) {
        try {
            if (JSON.readValue(ctx.bodyAsBytes(), Object.class) instanceof Map<?, ?> m) return (Map<String, Object>) m;
        } catch (IOException e) {
            // answered below, like a body that is JSON but not an object
        }
        throw OpenAiError.badRequest("invalid_json", "The body is not valid JSON.");
    }

    static VideoJob create(Map<String, Object> fields) {
        String prompt = prompt(fields);
        String name = string(fields, "model").orElse(VideoModels.DEFAULT);
        VideoModels.Model model = VideoModels.find(name).orElseThrow(() -> OpenAiError.invalidValue("model", name, VideoModels.names()));
        String seconds = oneOf(fields, "seconds", model.seconds());
        String size = oneOf(fields, "size", model.sizes());
        return new VideoJob(model.name(), prompt, seconds, size, Optional.empty());
    }

    /** A remix takes only a new prompt; model, seconds and size are the source's. */
    static VideoJob remix(String sourceId, VideoJob source, Map<String, Object> fields) {
        return new VideoJob(source.model(), prompt(fields), source.seconds(), source.size(), Optional.of(sourceId));
    }

    private static String prompt(Map<String, Object> fields) {
        String prompt = string(fields, "prompt").orElseThrow(() -> OpenAiError.missing("prompt"));
        if (prompt.isBlank())
            throw new OpenAiError(400, OpenAiError.INVALID_REQUEST, "prompt", "string_below_min_length",
                    "Invalid 'prompt': string too short. Expected a string with minimum length 1, but got an empty string instead.");
        if (prompt.length() > MAX_PROMPT_LENGTH)
            throw new OpenAiError(400, OpenAiError.INVALID_REQUEST, "prompt", "string_above_max_length",
                    "Invalid 'prompt': string too long. Expected a string with maximum length " + MAX_PROMPT_LENGTH
                            + ", but got a string with length " + prompt.length() + " instead.");
        return prompt;
    }

    /** The field's value among {@code allowed}, or the first of them when absent. */
    private static String oneOf(Map<String, Object> fields, String name, List<String> allowed) {
        String value = string(fields, name).orElse(allowed.getFirst());
        if (!allowed.contains(value)) throw OpenAiError.invalidValue(name, value, allowed);
        return value;
    }

    private static Optional<String> string(Map<String, Object> fields, String name) {
        Object v = fields.get(name);
        if (v == null) return Optional.empty();
        if (v instanceof String s) return Optional.of(s);
        throw OpenAiError.invalidType(name, "a string", v);
    }
}
