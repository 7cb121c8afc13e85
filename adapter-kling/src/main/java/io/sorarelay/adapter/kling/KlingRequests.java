package io.sorarelay.adapter.kling;

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
 * Our submit in Kling's words: {@code seconds} becomes {@code duration} ("5" or "10", a string), {@code size} becomes
 * {@code aspect_ratio} and {@code mode} (Kling renders 720p in {@code std} and 1080p in {@code pro}), a reference image
 * becomes an {@code image2video} task with the image as raw Base64, and our video id is sent as
 * {@code external_task_id} so a create whose answer was lost can be found again.
 */
final class KlingRequests {
    static final String UNSUPPORTED = "unsupported_request";
    static final String TEXT = "text2video";
    static final String IMAGE = "image2video";
    static final List<String> DURATIONS = List.of("5", "10");
    /** {@code size} → {aspect_ratio, mode}. */
    static final Map<String, List<String>> SIZES = Map.of(
            "1280x720", List.of("16:9", "std"), "720x1280", List.of("9:16", "std"), "720x720", List.of("1:1", "std"),
            "1920x1080", List.of("16:9", "pro"), "1080x1920", List.of("9:16", "pro"), "1080x1080", List.of("1:1", "pro"));
    private static final int MAX_PROMPT = 2500;
    private static final int MAX_IMAGE = 10 * 1024 * 1024;

    static final class Unsupported extends Exception {
        Unsupported(String message) { super(message, null, false, false); }

        TaskError error() { return new TaskError(UNSUPPORTED, getMessage()); }
    }

    /** One create: the task family (its path, and the one its reads must use) and the body. */
    record Create(String family, ObjectNode body) {}

    private KlingRequests() {}

    static Create create(SubmitJob job, Optional<CallbackUrls> callback, ObjectMapper json) throws Unsupported {
        if (job.remixOf().isPresent()) throw new Unsupported("Kling has no remix of an earlier video");
        String model = job.spec().model();
        if (!model.startsWith("kling-")) throw new Unsupported("model '" + model + "' is not a Kling model");
        if (!DURATIONS.contains(job.spec().seconds()))
            throw new Unsupported("seconds '" + job.spec().seconds() + "' is not offered by Kling; allowed: " + DURATIONS);
        List<String> shape = SIZES.get(job.spec().size());
        if (shape == null) throw new Unsupported("size '" + job.spec().size() + "' is not offered by Kling; allowed: " + SIZES.keySet().stream().sorted().toList());
        if (job.prompt().value().length() > MAX_PROMPT) throw new Unsupported("prompt is longer than Kling's 2500 characters");
        if (job.negativePrompt().map(String::length).orElse(0) > MAX_PROMPT)
            throw new Unsupported("negativePrompt is longer than Kling's 2500 characters");
        boolean image = job.reference().isPresent();
        ObjectNode body = json.createObjectNode().put("model_name", model).put("prompt", job.prompt().value())
                .put("mode", shape.get(1)).put("duration", job.spec().seconds())
                .put("external_task_id", job.idempotencyKey().toString());
        job.negativePrompt().ifPresent(n -> body.put("negative_prompt", n));
        if (image) {
            byte[] bytes = job.reference().get().bytes();
            if (bytes.length > MAX_IMAGE) throw new Unsupported("the reference image is over Kling's 10 MB limit");
            // Kling takes raw Base64 (no data: prefix); the frame's shape then comes from the image.
            body.put("image", Base64.getEncoder().encodeToString(bytes));
        } else {
            body.put("aspect_ratio", shape.get(0));
        }
        callback.ifPresent(c -> body.put("callback_url", c.forTask(job.idempotencyKey()).toString()));
        return new Create(image ? IMAGE : TEXT, body);
    }
}
