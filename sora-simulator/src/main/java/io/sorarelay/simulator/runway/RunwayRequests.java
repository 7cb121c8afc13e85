package io.sorarelay.simulator.runway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Parses and validates a create, per model as the SDK's request types allow; a refused create makes no task. */
final class RunwayRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The SDK's words for {@code promptImage}: a data URI of up to 5 MB. */
    private static final int MAX_DATA_URI = 5 * 1024 * 1024;

    private RunwayRequests() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Context ctx) {
        try {
            if (JSON.readValue(ctx.bodyAsBytes(), Object.class) instanceof Map<?, ?> m) return (Map<String, Object>) m;
        } catch (IOException e) {
            // answered below, like a body that is JSON but not an object
        }
        throw RunwayError.badRequest("Invalid JSON body.");
    }

    static RunwayTask create(String endpoint, Map<String, Object> body) {
        String name = string(body, "model").orElseThrow(() -> RunwayError.field("model", "Required"));
        RunwayModels.Model model = RunwayModels.find(name).filter(m -> !m.ratios(endpoint).isEmpty()).orElseThrow(() ->
                RunwayError.field("model", "Invalid enum value. Expected " + String.join(" | ", RunwayModels.names(endpoint)) + ", received '" + name + "'"));
        boolean promptRequired = endpoint.equals(RunwayApi.TEXT_TO_VIDEO) || model.i2vPromptRequired();
        Optional<String> prompt = string(body, "promptText");
        if (prompt.isEmpty() && promptRequired) throw RunwayError.field("promptText", "Required");
        if (prompt.isPresent() && (prompt.get().isEmpty() || prompt.get().length() > model.maxPrompt()))
            throw RunwayError.field("promptText", "Must be a non-empty string of at most " + model.maxPrompt() + " characters");
        if (endpoint.equals(RunwayApi.IMAGE_TO_VIDEO)) promptImage(body.get("promptImage"), model);
        String ratio = ratio(body, model.ratios(endpoint), model.ratioRequired());
        int duration = duration(body, model);
        return new RunwayTask(endpoint, model.name(), prompt, ratio, duration, duration * model.creditsPerSecond());
    }

    private static void promptImage(Object value, RunwayModels.Model model) {
        if (value == null) throw RunwayError.field("promptImage", "Required");
        if (value instanceof String uri) {
            imageUri(uri);
            return;
        }
        if (!(value instanceof List<?> images) || images.isEmpty())
            throw RunwayError.field("promptImage", "Expected a URI string or a non-empty array of {uri, position}");
        for (Object image : images) {
            if (!(image instanceof Map<?, ?> m) || !(m.get("uri") instanceof String uri))
                throw RunwayError.field("promptImage", "Each image needs a uri");
            imageUri(uri);
            Object position = m.get("position");
            boolean firstOnly = model.name().startsWith("gen4");
            if (position != null && !(firstOnly ? List.of("first") : List.of("first", "last")).contains(position))
                throw RunwayError.field("promptImage.position", "Invalid enum value for " + model.name() + ", received '" + position + "'");
        }
    }

    private static void imageUri(String uri) {
        if (uri.startsWith("data:")) {
            if (!uri.startsWith("data:image/") || !uri.contains(";base64,"))
                throw RunwayError.field("promptImage", "A data URI must be a base64-encoded image");
            if (uri.length() > MAX_DATA_URI) throw RunwayError.field("promptImage", "The data URI is larger than 5MB");
            return;
        }
        if (!uri.startsWith("https://") && !uri.startsWith("runway://"))
            throw RunwayError.field("promptImage", "Expected an HTTPS URL, a Runway upload URI or a data URI");
    }

    private static String ratio(Map<String, Object> body, List<String> allowed, boolean required) {
        Optional<String> ratio = string(body, "ratio");
        if (ratio.isEmpty()) {
            if (required) throw RunwayError.field("ratio", "Required");
            return allowed.getFirst();
        }
        if (!allowed.contains(ratio.get()))
            throw RunwayError.field("ratio", "Invalid enum value. Expected " + String.join(" | ", allowed) + ", received '" + ratio.get() + "'");
        return ratio.get();
    }

    private static int duration(Map<String, Object> body, RunwayModels.Model model) {
        Object value = body.get("duration");
        if (value == null) return model.defaultDuration().orElseThrow(() -> RunwayError.field("duration", "Required"));
        // "auto" lets the model choose and is billed at the maximum (SDK doc); the simulator makes the longest.
        if ("auto".equals(value) && model.name().startsWith("seedance")) return model.durations().getLast();
        if (!(value instanceof Integer seconds) || !model.durations().contains(seconds))
            throw RunwayError.field("duration", "Expected an integer among " + model.durations() + " for " + model.name() + ", received " + value);
        return seconds;
    }

    private static Optional<String> string(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) return Optional.empty();
        if (v instanceof String s) return Optional.of(s);
        throw RunwayError.field(name, "Expected string, received " + (v instanceof Number ? "number" : v.getClass().getSimpleName().toLowerCase(Locale.ROOT)));
    }
}
