package io.sorarelay.simulator.wan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Map;

/** Parses and validates a {@code video-synthesis} create per model; a refused create makes no task. */
final class WanRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The 16:9 size an image-to-video task of each tier reports (its real shape follows the image). */
    private static final Map<String, String> TIER_SIZE = Map.of("480P", "832*480", "720P", "1280*720", "1080P", "1920*1080");
    /** A Base64 image in {@code img_url}: DashScope takes {@code data:{MIME};base64,{data}} up to 10 MB. */
    private static final int MAX_DATA_URI = 14 * 1024 * 1024;

    private WanRequests() {}

    static JsonNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.bodyAsBytes());
            if (node != null && node.isObject()) return node;
        } catch (IOException e) {
            // answered below, like a body that is JSON but not an object
        }
        throw WanError.invalid("The request body is not a valid JSON object.");
    }

    static WanTask create(JsonNode body) {
        String name = text(body, "model");
        if (name == null) throw WanError.invalid("Model not specified.");
        WanModels.Model model = WanModels.find(name).orElseThrow(() -> new WanError(404, "ModelNotFound", "Model not exist."));
        JsonNode input = body.path("input");
        if (!input.isObject()) throw WanError.invalid("Field required: input");
        JsonNode params = body.path("parameters");
        String prompt = text(input, "prompt");
        boolean i2v = model.kind() == WanModels.Kind.IMAGE_TO_VIDEO;
        if (prompt == null && !i2v) throw WanError.invalid("Field required: input.prompt");
        if (prompt != null && prompt.length() > model.maxPrompt())
            throw WanError.invalid("Range of input.prompt length should be [1, " + model.maxPrompt() + "]");
        if (prompt != null && prompt.contains("[block]")) throw WanError.inspection();
        String size;
        if (i2v) {
            String image = text(input, "img_url");
            if (image == null) throw WanError.invalid("Field required: input.img_url");
            image(image);
            if (params.has("size")) throw WanError.invalid("The parameter size is not supported by " + name + ", use resolution.");
            String resolution = params.has("resolution") ? params.path("resolution").asText() : model.defaultResolution();
            if (!model.resolutions().contains(resolution))
                throw WanError.invalid("The resolution " + resolution + " is not supported by " + name + "; valid: " + model.resolutions());
            size = TIER_SIZE.get(resolution);
        } else {
            if (input.has("img_url")) throw WanError.invalid("The parameter input.img_url is not supported by " + name + ".");
            size = params.has("size") ? params.path("size").asText() : model.defaultSize();
            if (!model.sizes().contains(size))
                throw WanError.invalid("The size " + size + " is not supported by " + name + "; valid: " + model.sizes());
        }
        int duration = model.defaultDuration();
        if (params.has("duration")) {
            JsonNode d = params.path("duration");
            if (!d.isIntegralNumber() || !model.durations().contains(d.asInt()))
                throw WanError.invalid("The duration " + d + " is not supported by " + name + "; valid: " + model.durations());
            duration = d.asInt();
        }
        String p = prompt == null ? "" : prompt;
        return new WanTask(name, p, size, duration, i2v, p.contains("[lost]"));
    }

    private static void image(String url) {
        if (url.startsWith("data:")) {
            if (!url.startsWith("data:image/") || !url.contains(";base64,"))
                throw WanError.invalid("The input.img_url data URI must be data:{MIME_type};base64,{base64_data}.");
            if (url.length() > MAX_DATA_URI) throw WanError.invalid("The input.img_url image exceeds 10MB.");
            return;
        }
        if (!url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith("oss://"))
            throw WanError.invalid("The input.img_url must be a public URL, an oss:// URL or a Base64 data URI.");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) return null;
        if (!v.isTextual()) throw WanError.invalid("The parameter " + field + " must be a string.");
        return v.asText();
    }
}
