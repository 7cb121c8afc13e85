package io.sorarelay.simulator.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Validates a {@code :predictLongRunning} body as the Gemini API's Veo 3.1 models take it: one instance with a
 * {@code prompt} (and optionally an inline {@code image}), {@code parameters.aspectRatio} 16:9 or 9:16,
 * {@code durationSeconds} 4, 6 or 8, {@code resolution} 720p, 1080p or 4k (1080p and 4k only at 8 seconds; Lite has no
 * 4k), {@code sampleCount} 1. Models Google shut down answer 404 as a retired model does.
 */
final class VeoRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> MODELS = List.of("veo-3.1-generate-001", "veo-3.1-fast-generate-001", "veo-3.1-generate-preview",
            "veo-3.1-fast-generate-preview", "veo-3.1-lite-generate-preview");
    /** Shut down on the Gemini API on 2026-06-30 (Gemini API changelog). */
    static final Set<String> RETIRED = Set.of("veo-2.0-generate-001", "veo-3.0-generate-001", "veo-3.0-fast-generate-001",
            "veo-3.0-generate-preview", "veo-3.0-fast-generate-preview");
    private static final int MAX_PROMPT = 1024;

    private VeoRequests() {}

    static VeoOperation create(String model, byte[] body) { return create(model, body, false); }

    /** @param vertex Vertex AI also takes Cloud Storage images ({@code gcsUri}) and an output bucket ({@code storageUri}) */
    static VeoOperation create(String model, byte[] body, boolean vertex) {
        if (RETIRED.contains(model))
            throw VeoError.notFound("models/" + model + " is no longer available. Please use a newer model.");
        if (!MODELS.contains(model))
            throw VeoError.notFound("models/" + model + " is not found for API version v1beta, or is not supported for predictLongRunning.");
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw VeoError.invalid("Invalid JSON payload received.");
        }
        if (root == null || !root.isObject()) throw VeoError.invalid("Invalid JSON payload received.");
        JsonNode instances = root.path("instances");
        if (!instances.isArray() || instances.size() != 1) throw VeoError.invalid("* instances: exactly one instance is required.");
        JsonNode instance = instances.get(0);
        String prompt = instance.path("prompt").asText("");
        boolean image = instance.has("image");
        if (prompt.isBlank() && !image) throw VeoError.invalid("* instances[0].prompt: a prompt or an image is required.");
        if (prompt.length() > MAX_PROMPT) throw VeoError.invalid("* instances[0].prompt: the prompt is too long.");
        if (image) image(instance.path("image"), vertex);
        JsonNode p = root.path("parameters");
        String aspect = p.path("aspectRatio").asText("16:9");
        if (!List.of("16:9", "9:16").contains(aspect)) throw VeoError.invalid("aspectRatio '" + aspect + "' is not supported. Use 16:9 or 9:16.");
        String resolution = p.path("resolution").asText("720p");
        List<String> resolutions = model.contains("lite") ? List.of("720p", "1080p") : List.of("720p", "1080p", "4k");
        if (!resolutions.contains(resolution)) throw VeoError.invalid("resolution '" + resolution + "' is not supported by " + model + ".");
        JsonNode d = p.path("durationSeconds");
        int duration = d.isMissingNode() ? 8 : d.isNumber() && d.asDouble() == Math.rint(d.asDouble()) ? d.asInt() : -1;
        if (!List.of(4, 6, 8).contains(duration)) throw VeoError.invalid("durationSeconds must be 4, 6 or 8 for " + model + ".");
        if (!"720p".equals(resolution) && duration != 8) throw VeoError.invalid("resolution " + resolution + " requires durationSeconds 8.");
        if (p.has("sampleCount") && p.path("sampleCount").asInt() != 1) throw VeoError.invalid("sampleCount must be 1 for " + model + ".");
        String person = p.path("personGeneration").asText("allow_all");
        if (!List.of("allow_all", "allow_adult", "dont_allow").contains(person))
            throw VeoError.invalid("personGeneration '" + person + "' is not supported.");
        String storage = vertex ? p.path("storageUri").asText("") : "";
        if (!storage.isEmpty() && !storage.startsWith("gs://")) throw VeoError.invalid("storageUri must be a gs:// URI.");
        // The SDKs send GenerateVideosConfig.negativePrompt as parameters.negativePrompt; the simulator refuses the snake_case
        // spelling, which the service would not read, so a misnamed field fails a client's test.
        if (p.has("negative_prompt") || instance.has("negativePrompt") || instance.has("negative_prompt"))
            throw VeoError.invalid("Invalid JSON payload received. Unknown name \"negative_prompt\": the negative prompt is parameters.negativePrompt.");
        JsonNode negative = p.path("negativePrompt");
        if (!negative.isMissingNode() && !negative.isTextual()) throw VeoError.invalid("parameters.negativePrompt must be a string.");
        return new VeoOperation(model, prompt, aspect, resolution, duration, image, storage, negative.isTextual() ? negative.asText() : null,
                webhook(root, vertex));
    }

    /**
     * The top-level {@code webhookConfig} of a Gemini API create ({@code uris}: http(s) URLs, {@code userMetadata}: an
     * object). Vertex AI has no webhooks: the field is an unknown name there, refused as Google refuses unknown fields.
     */
    @SuppressWarnings("unchecked")
    private static VeoOperation.Webhook webhook(JsonNode root, boolean vertex) {
        JsonNode config = root.path("webhookConfig");
        if (config.isMissingNode()) return VeoOperation.Webhook.NONE;
        if (vertex) throw VeoError.invalid("Invalid JSON payload received. Unknown name \"webhookConfig\": Cannot find field.");
        JsonNode uris = config.path("uris");
        if (!config.isObject() || !uris.isArray() || uris.isEmpty())
            throw VeoError.invalid("* webhookConfig.uris: at least one URI is required.");
        List<String> list = new java.util.ArrayList<>();
        for (JsonNode u : uris) {
            String uri = u.asText("");
            if (!u.isTextual() || !(uri.startsWith("https://") || uri.startsWith("http://")))
                throw VeoError.invalid("* webhookConfig.uris: '" + uri + "' is not an http(s) URI.");
            list.add(uri);
        }
        JsonNode meta = config.path("userMetadata");
        if (!meta.isMissingNode() && !meta.isObject()) throw VeoError.invalid("* webhookConfig.userMetadata must be an object.");
        return new VeoOperation.Webhook(list, meta.isObject() ? JSON.convertValue(meta, java.util.Map.class) : java.util.Map.of());
    }

    private static void image(JsonNode image, boolean vertex) {
        if (vertex && image.path("gcsUri").asText("").startsWith("gs://")) return;
        if (image.has("gcsUri")) throw VeoError.invalid("gcsUri is not supported in the Gemini API. Send the image bytes inline.");
        if (!image.path("bytesBase64Encoded").isTextual() || !image.path("mimeType").asText("").startsWith("image/"))
            throw VeoError.invalid("* instances[0].image: bytesBase64Encoded and an image mimeType are required.");
    }
}
