package io.sorarelay.adapter.veo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sorarelay.adapter.providerhttp.CallbackUrls;
import io.sorarelay.application.port.out.VideoProvider.SubmitJob;
import io.sorarelay.domain.TaskError;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Our submit in the Gemini API's words: {@code seconds} becomes {@code parameters.durationSeconds}, {@code size} becomes
 * {@code aspectRatio} + {@code resolution} (1280x720 is 16:9 at 720p, 1080x1920 is 9:16 at 1080p...), a reference image
 * becomes {@code instances[0].image} with its bytes inline. What Veo cannot express is refused before any call. With
 * callbacks on the Gemini API, a top-level {@code webhookConfig} names the task's callback URL (a dynamic webhook).
 */
final class VeoRequests {
    static final String UNSUPPORTED = "unsupported_request";
    /** Veo 3.1's lengths; 1080p and 4k are made at 8 seconds only. */
    static final List<Integer> DURATIONS = List.of(4, 6, 8);
    /** {@code size} → {aspectRatio, resolution}. */
    static final Map<String, List<String>> SIZES = Map.of(
            "1280x720", List.of("16:9", "720p"), "720x1280", List.of("9:16", "720p"),
            "1920x1080", List.of("16:9", "1080p"), "1080x1920", List.of("9:16", "1080p"),
            "3840x2160", List.of("16:9", "4k"), "2160x3840", List.of("9:16", "4k"));
    /** Google's limit for an inline image in a request (20 MB). */
    private static final int MAX_IMAGE = 20 * 1024 * 1024;

    /** A submit Veo cannot take, and why, in our fields' names. */
    static final class Unsupported extends Exception {
        Unsupported(String message) { super(message, null, false, false); }

        TaskError error() { return new TaskError(UNSUPPORTED, getMessage()); }
    }

    /** One create: the model (in the path) and the body. */
    record Create(String model, ObjectNode body) {}

    private VeoRequests() {}

    /** Our video id in the webhook's {@code userMetadata}, to correlate an event with a task by more than its URL. */
    static final String VIDEO_ID = "video_id";

    /**
     * @param vertex    Vertex AI also takes {@code generateAudio} (the Gemini API refuses it; there audio is always made)
     * @param callbacks where the task's {@code video.generated} event is to be POSTed; sent on the Gemini API only, at the
     *                  body's top level as both SDKs place {@code GenerateVideosConfig.webhookConfig}
     *                  ({@code generateVideosConfigToMldev}); the SDKs refuse it for Vertex AI
     */
    static Create create(SubmitJob job, ObjectMapper json, boolean vertex, Optional<CallbackUrls> callbacks) throws Unsupported {
        if (job.remixOf().isPresent()) throw new Unsupported("Veo has no remix of an earlier video");
        String model = job.spec().model();
        if (!model.startsWith("veo-")) throw new Unsupported("model '" + model + "' is not a Veo model");
        int seconds;
        try {
            seconds = Integer.parseInt(job.spec().seconds());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (!DURATIONS.contains(seconds)) throw new Unsupported("seconds '" + job.spec().seconds() + "' is not offered by Veo; allowed: " + DURATIONS);
        List<String> shape = SIZES.get(job.spec().size());
        if (shape == null) throw new Unsupported("size '" + job.spec().size() + "' is not offered by Veo; allowed: " + SIZES.keySet().stream().sorted().toList());
        if (!"720p".equals(shape.get(1)) && seconds != 8)
            throw new Unsupported("size '" + job.spec().size() + "' is made at 8 seconds only on Veo");
        ObjectNode instance = json.createObjectNode().put("prompt", job.prompt().value());
        if (job.reference().isPresent()) {
            byte[] bytes = job.reference().get().bytes();
            if (bytes.length > MAX_IMAGE) throw new Unsupported("the reference image is over Veo's 20 MB inline limit");
            instance.putObject("image").put("bytesBase64Encoded", Base64.getEncoder().encodeToString(bytes))
                    .put("mimeType", job.reference().get().image().mediaType());
        }
        ObjectNode body = json.createObjectNode();
        body.putArray("instances").add(instance);
        ObjectNode parameters = body.putObject("parameters").put("aspectRatio", shape.get(0)).put("resolution", shape.get(1))
                .put("durationSeconds", seconds).put("sampleCount", 1);
        if (vertex) parameters.put("generateAudio", true);
        // The same name on the Gemini API and Vertex AI (the SDKs' GenerateVideosConfig.negativePrompt).
        job.negativePrompt().ifPresent(n -> parameters.put("negativePrompt", n));
        if (!vertex && callbacks.isPresent()) {
            ObjectNode webhook = body.putObject("webhookConfig");
            webhook.putArray("uris").add(callbacks.get().forTask(job.idempotencyKey()).toString());
            webhook.putObject("userMetadata").put(VIDEO_ID, job.idempotencyKey().value());
        }
        return new Create(model, body);
    }
}
