package io.sorarelay.simulator.wan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Parses and validates a {@code video-synthesis} create per model; a refused create makes no task. */
final class WanRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The 16:9 size an image-to-video task of each tier reports (its real shape follows the image). */
    private static final Map<String, String> TIER_SIZE = Map.of("480P", "832*480", "720P", "1280*720", "1080P", "1920*1080");
    /** A Base64 image in {@code img_url}: DashScope takes {@code data:{MIME};base64,{data}} up to 10 MB. */
    private static final int MAX_DATA_URI = 14 * 1024 * 1024;
    private static final int MAX_NEGATIVE_PROMPT = 500;
    /** wan2.7-i2v's media types (Model Studio's reference; first_clip, last_frame and driving_audio are accepted, not used). */
    private static final List<String> I2V_MEDIA = List.of("first_frame", "last_frame", "driving_audio", "first_clip");

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
        String negative = negativePrompt(input, params);
        List<String> media = List.of();
        String size;
        if (model.media()) {
            if (input.has("img_url")) throw WanError.invalid("The parameter input.img_url is not supported by " + name + ", use input.media.");
            if (params.has("size")) throw WanError.invalid("The parameter size is not supported by " + name + ", use resolution and ratio.");
            media = media(input, i2v, name);
            String resolution = params.has("resolution") ? params.path("resolution").asText() : "1080P";
            if (!model.resolutions().contains(resolution))
                throw WanError.invalid("The resolution " + resolution + " is not supported by " + name + "; valid: " + model.resolutions());
            if (i2v && params.has("ratio")) throw WanError.invalid("The parameter ratio is not supported by " + name + ": the video takes the image's shape.");
            String ratio = params.has("ratio") ? params.path("ratio").asText() : "16:9";
            size = WanModels.size(resolution, ratio).orElseThrow(() ->
                    WanError.invalid("The ratio " + ratio + " is not supported by " + name + "; valid: " + WanModels.RATIOS));
        } else if (i2v) {
            String image = text(input, "img_url");
            if (image == null) throw WanError.invalid("Field required: input.img_url");
            image(image, "input.img_url");
            if (params.has("size")) throw WanError.invalid("The parameter size is not supported by " + name + ", use resolution.");
            String resolution = params.has("resolution") ? params.path("resolution").asText() : model.defaultResolution();
            if (!model.resolutions().contains(resolution))
                throw WanError.invalid("The resolution " + resolution + " is not supported by " + name + "; valid: " + model.resolutions());
            size = TIER_SIZE.get(resolution);
        } else {
            if (input.has("img_url")) throw WanError.invalid("The parameter input.img_url is not supported by " + name + ".");
            if (input.has("media")) throw WanError.invalid("The parameter input.media is not supported by " + name + ".");
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
        return new WanTask(name, p, size, duration, i2v, p.contains("[lost]"), negative, media);
    }

    /**
     * {@code input.negative_prompt}, at most 500 characters. The same text under another name or place (camelCase, or
     * among the parameters) is refused: DashScope would ignore it silently, and a client's test should fail instead.
     */
    private static String negativePrompt(JsonNode input, JsonNode params) {
        for (String wrong : List.of("negativePrompt", "negative"))
            if (input.has(wrong)) throw WanError.invalid("The parameter input." + wrong + " is not supported; use input.negative_prompt.");
        if (params.has("negative_prompt") || params.has("negativePrompt"))
            throw WanError.invalid("The negative prompt belongs in input.negative_prompt, not in parameters.");
        String negative = text(input, "negative_prompt");
        if (negative != null && negative.length() > MAX_NEGATIVE_PROMPT)
            throw WanError.invalid("Range of input.negative_prompt length should be [0, " + MAX_NEGATIVE_PROMPT + "]");
        return negative;
    }

    /** The newer protocol's {@code input.media}: {@code [{type, url}]}; an image-to-video model needs one {@code first_frame}. */
    private static List<String> media(JsonNode input, boolean i2v, String name) {
        JsonNode items = input.path("media");
        if (items.isMissingNode() || items.isNull()) {
            if (i2v) throw WanError.invalid("Field required: input.media (a first_frame item) for " + name + ".");
            return List.of();
        }
        if (!items.isArray()) throw WanError.invalid("The parameter input.media must be an array.");
        List<String> types = new java.util.ArrayList<>();
        for (JsonNode item : items) {
            String type = text(item, "type");
            String url = text(item, "url");
            if (type == null || url == null) throw WanError.invalid("Each input.media item needs a type and a url.");
            if (!(i2v ? I2V_MEDIA : List.<String>of()).contains(type))
                throw WanError.invalid("The media type " + type + " is not supported by " + name + "; valid: " + (i2v ? I2V_MEDIA : List.of()));
            if (type.endsWith("_frame")) image(url, "input.media[].url");
            types.add(type);
        }
        if (i2v && !types.contains("first_frame") && !types.contains("first_clip"))
            throw WanError.invalid(name + " needs a first_frame or a first_clip in input.media.");
        return List.copyOf(types);
    }

    private static void image(String url, String field) {
        if (url.startsWith("data:")) {
            if (!url.startsWith("data:image/") || !url.contains(";base64,"))
                throw WanError.invalid("The " + field + " data URI must be data:{MIME_type};base64,{base64_data}.");
            if (url.length() > MAX_DATA_URI) throw WanError.invalid("The " + field + " image exceeds 10MB.");
            return;
        }
        if (!url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith("oss://"))
            throw WanError.invalid("The " + field + " must be a public URL, an oss:// URL or a Base64 data URI.");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) return null;
        if (!v.isTextual()) throw WanError.invalid("The parameter " + field + " must be a string.");
        return v.asText();
    }
}
