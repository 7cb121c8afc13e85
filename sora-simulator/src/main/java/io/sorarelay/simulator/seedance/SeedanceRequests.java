package io.sorarelay.simulator.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/** Parses and validates a create per model (ModelArk "Create a video generation task"); a refused create makes no task. */
final class SeedanceRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IMAGE_ROLES = Set.of("first_frame", "last_frame", "reference_image");
    /** Ark's default {@code execution_expires_after}: 48 hours. */
    static final long DEFAULT_EXPIRY_S = 172_800;

    private SeedanceRequests() {}

    static JsonNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.bodyAsBytes());
            if (node != null && node.isObject()) return node;
        } catch (IOException e) {
            // answered below
        }
        throw SeedanceError.invalid("body", "The request body is not a valid JSON object.");
    }

    static SeedanceTask create(JsonNode body) {
        String name = text(body, "model");
        if (name == null) throw SeedanceError.missing("model");
        SeedanceModels.Model model = SeedanceModels.find(name).orElseThrow(() -> new SeedanceError(404, "InvalidEndpointOrModel.NotFound",
                "NotFound", "model", "The model or endpoint " + name + " does not exist or you do not have access to it."));
        JsonNode content = body.path("content");
        if (!content.isArray() || content.isEmpty()) throw SeedanceError.missing("content");
        String prompt = "";
        boolean image = false;
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> {
                    if (!part.path("text").isTextual()) throw SeedanceError.invalid("content.text", "The parameter content.text must be a string.");
                    prompt = part.path("text").asText();
                }
                case "image_url" -> {
                    String url = part.path("image_url").path("url").asText("");
                    if (!url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith("asset://")
                            && !(url.startsWith("data:image/") && url.contains(";base64,")))
                        throw SeedanceError.invalid("content.image_url.url", "The image url must be an http(s) URL, an asset id or a base64 data URL.");
                    String role = part.path("role").asText("first_frame");
                    if (!IMAGE_ROLES.contains(role)) throw SeedanceError.invalid("content.role", "The parameter content.role is not valid: " + role + ".");
                    image = true;
                }
                default -> throw SeedanceError.invalid("content.type", "The parameter content.type is not valid: " + type + ".");
            }
        }
        if (prompt.contains("[block]"))
            throw new SeedanceError(400, "InputTextSensitiveContentDetected", "BadRequest", null,
                    "The request failed because the input text may contain sensitive information.");
        if (image && !model.image()) throw SeedanceError.invalid("content", "The model " + name + " does not support image input.");
        if (!image && !model.text()) throw SeedanceError.invalid("content", "The model " + name + " requires a first_frame image.");
        if (!image && prompt.isBlank()) throw SeedanceError.missing("content.text");
        String resolution = Optional.ofNullable(text(body, "resolution")).orElse(model.resolutions().getFirst());
        if (!model.resolutions().contains(resolution))
            throw SeedanceError.invalid("resolution", "The parameter resolution specified in the request is not valid for model " + name + ": " + resolution + ".");
        String ratio = Optional.ofNullable(text(body, "ratio")).orElse(image ? "adaptive" : "16:9");
        if (!SeedanceModels.RATIOS.contains(ratio) && !("adaptive".equals(ratio) && image))
            throw SeedanceError.invalid("ratio", "The parameter ratio specified in the request is not valid: " + ratio + ".");
        if (body.has("duration") && body.has("frames"))
            throw SeedanceError.invalid("duration", "The parameters duration and frames cannot be set at the same time.");
        int duration = 5;
        if (body.has("duration")) {
            JsonNode d = body.path("duration");
            if (!d.isIntegralNumber() || !model.durations().contains(d.asInt()))
                throw SeedanceError.invalid("duration", "The parameter duration specified in the request is not valid for model " + name + ": " + d + ".");
            duration = d.asInt();
        }
        Optional<String> callback = Optional.ofNullable(text(body, "callback_url"));
        if (callback.isPresent() && !callback.get().startsWith("http://") && !callback.get().startsWith("https://"))
            throw SeedanceError.invalid("callback_url", "The parameter callback_url must be an http(s) URL.");
        long expires = body.path("execution_expires_after").asLong(DEFAULT_EXPIRY_S);
        if (expires < 3600 || expires > 259_200)
            throw SeedanceError.invalid("execution_expires_after", "The parameter execution_expires_after must be in [3600, 259200].");
        String tier = Optional.ofNullable(text(body, "service_tier")).orElse("default");
        if (!tier.equals("default") && !tier.equals("flex"))
            throw SeedanceError.invalid("service_tier", "The parameter service_tier is not valid: " + tier + ".");
        long seed = body.path("seed").asLong(-1);
        return new SeedanceTask(name, prompt, image, resolution, "adaptive".equals(ratio) ? "16:9" : ratio, duration,
                seed < 0 ? Math.abs(prompt.hashCode()) : seed, body.path("watermark").asBoolean(false), callback, expires, tier,
                prompt.contains("[lost]"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) return null;
        if (!v.isTextual()) throw SeedanceError.invalid(field, "The parameter " + field + " must be a string.");
        return v.asText();
    }
}
