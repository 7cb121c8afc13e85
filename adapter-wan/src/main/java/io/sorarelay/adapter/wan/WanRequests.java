package io.sorarelay.adapter.wan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider.ReferenceUpload;
import io.sorarelay.application.port.out.VideoProvider.SubmitJob;
import io.sorarelay.domain.TaskError;

import java.util.Base64;

/**
 * Our submit in DashScope's words: {@code seconds} becomes {@code parameters.duration}; {@code size} {@code WxH} becomes
 * {@code parameters.size} {@code W*H} for text-to-video, or the {@code parameters.resolution} tier ({@code 720P}) for
 * image-to-video, whose shape follows the image; a reference image becomes {@code input.img_url} as a Base64 data URI
 * and moves a text-to-video model to its image-to-video sibling; a negative prompt becomes {@code input.negative_prompt}.
 * The wan2.7 models speak DashScope's newer protocol: {@code parameters.resolution} ({@code 720P}) and {@code ratio}
 * ({@code 16:9}) instead of {@code size}, and the image as an {@code input.media} item of type {@code first_frame}.
 * What Wan cannot express is refused before any call.
 */
final class WanRequests {
    static final String UNSUPPORTED = "unsupported_request";
    /** DashScope's limit for an image sent inline. */
    private static final long MAX_IMAGE = 10L * 1024 * 1024;

    /** One create: the model asked for and the JSON body. */
    record Create(String model, ObjectNode body) {}

    static final class Unsupported extends Exception {
        Unsupported(String message) { super(message, null, false, false); }

        TaskError error() { return new TaskError(UNSUPPORTED, getMessage()); }
    }

    private WanRequests() {}

    static Create create(SubmitJob job) throws Unsupported {
        if (job.remixOf().isPresent()) throw new Unsupported("Wan has no remix of an earlier video");
        String name = job.spec().model();
        WanModels.Model asked = WanModels.find(name).orElseThrow(() ->
                new Unsupported("model '" + name + "' is not a Wan video model; supported: " + String.join(", ", WanModels.names())));
        boolean image = job.reference().isPresent();
        WanModels.Model model = asked;
        if (image) {
            model = WanModels.imageSibling(asked).orElseThrow(() -> new Unsupported("model '" + name + "' takes no reference image on Wan"));
        } else if (!asked.textToVideo()) {
            throw new Unsupported("model '" + name + "' needs a reference image on Wan");
        }
        String size = job.spec().size();
        if (!model.sizes().contains(size))
            throw new Unsupported("size '" + size + "' is not offered by model '" + model.name() + "' on Wan; allowed: " + model.sizes());
        int seconds = seconds(job.spec().seconds(), model);
        String prompt = job.prompt().value();
        if (prompt.length() > model.maxPrompt())
            throw new Unsupported("prompt is longer than the " + model.maxPrompt() + " characters model '" + model.name() + "' takes on Wan");
        if (job.negativePrompt().map(String::length).orElse(0) > WanModels.MAX_NEGATIVE_PROMPT)
            throw new Unsupported("negativePrompt is longer than the " + WanModels.MAX_NEGATIVE_PROMPT + " characters Wan takes");
        ObjectNode body = ProviderCalls.JSON.createObjectNode().put("model", model.name());
        ObjectNode input = body.putObject("input").put("prompt", prompt);
        job.negativePrompt().ifPresent(n -> input.put("negative_prompt", n));
        ObjectNode params = body.putObject("parameters").put("duration", seconds);
        if (model.media()) {
            params.put("resolution", WanModels.tier(size));
            if (image) input.putArray("media").addObject().put("type", "first_frame").put("url", dataUri(job.reference().get()));
            else params.put("ratio", WanModels.ratio(size));
        } else if (image) {
            input.put("img_url", dataUri(job.reference().get()));
            params.put("resolution", WanModels.tier(size));
        } else {
            params.put("size", size.replace('x', '*'));
        }
        return new Create(model.name(), body);
    }

    private static int seconds(String seconds, WanModels.Model model) throws Unsupported {
        try {
            int s = Integer.parseInt(seconds);
            if (model.durations().contains(s)) return s;
        } catch (NumberFormatException e) {
            // refused below, like a length the model lacks
        }
        throw new Unsupported("seconds '" + seconds + "' is not offered by model '" + model.name() + "' on Wan; allowed: " + model.durations());
    }

    private static String dataUri(ReferenceUpload ref) throws Unsupported {
        if (ref.bytes().length > MAX_IMAGE) throw new Unsupported("the reference image is over Wan's 10 MB limit");
        return "data:" + ref.image().mediaType() + ";base64," + Base64.getEncoder().encodeToString(ref.bytes());
    }
}
