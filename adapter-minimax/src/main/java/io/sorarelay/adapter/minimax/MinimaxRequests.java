package io.sorarelay.adapter.minimax;

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
 * Our submit in MiniMax's words: {@code seconds} becomes {@code duration} (an integer), {@code size} becomes
 * {@code resolution} (MiniMax names a height: 1366x768 is {@code 768P}, 1920x1080 {@code 1080P}, 1280x720 {@code 720P}),
 * a reference image becomes {@code first_frame_image} as a data URL. Hailuo makes 1080P at 6 seconds only.
 */
final class MinimaxRequests {
    static final String UNSUPPORTED = "unsupported_request";
    static final Map<String, String> SIZES = Map.of("1280x720", "720P", "1366x768", "768P", "1920x1080", "1080P");
    static final List<Integer> DURATIONS = List.of(6, 10);
    private static final int MAX_PROMPT = 2000;
    private static final int MAX_IMAGE = 20 * 1024 * 1024;

    static final class Unsupported extends Exception {
        Unsupported(String message) { super(message, null, false, false); }

        TaskError error() { return new TaskError(UNSUPPORTED, getMessage()); }
    }

    private MinimaxRequests() {}

    static ObjectNode create(SubmitJob job, Optional<CallbackUrls> callback, ObjectMapper json) throws Unsupported {
        if (job.remixOf().isPresent()) throw new Unsupported("MiniMax has no remix of an earlier video");
        String model = job.spec().model();
        if (!model.startsWith("MiniMax-") && !model.matches("[TIS]2V-01.*")) throw new Unsupported("model '" + model + "' is not a MiniMax video model");
        int seconds;
        try {
            seconds = Integer.parseInt(job.spec().seconds());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (!DURATIONS.contains(seconds)) throw new Unsupported("seconds '" + job.spec().seconds() + "' is not offered by MiniMax; allowed: " + DURATIONS);
        String resolution = SIZES.get(job.spec().size());
        if (resolution == null) throw new Unsupported("size '" + job.spec().size() + "' is not offered by MiniMax; allowed: " + SIZES.keySet().stream().sorted().toList());
        if ("1080P".equals(resolution) && seconds != 6) throw new Unsupported("size '" + job.spec().size() + "' is made at 6 seconds only on MiniMax");
        if (job.prompt().value().length() > MAX_PROMPT) throw new Unsupported("prompt is longer than MiniMax's 2000 characters");
        ObjectNode body = json.createObjectNode().put("model", model).put("prompt", job.prompt().value())
                .put("duration", seconds).put("resolution", resolution);
        if (job.reference().isPresent()) {
            byte[] bytes = job.reference().get().bytes();
            if (bytes.length > MAX_IMAGE) throw new Unsupported("the reference image is over MiniMax's 20 MB limit");
            body.put("first_frame_image", "data:" + job.reference().get().image().mediaType() + ";base64," + Base64.getEncoder().encodeToString(bytes));
        }
        callback.ifPresent(c -> body.put("callback_url", c.forTask(job.idempotencyKey()).toString()));
        return body;
    }
}
