package io.sorarelay.adapter.runway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sorarelay.application.port.out.VideoProvider.ReferenceUpload;
import io.sorarelay.application.port.out.VideoProvider.SubmitJob;
import io.sorarelay.domain.TaskError;

import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our submit in Runway's words: {@code seconds} becomes {@code duration}, {@code size} {@code WxH} becomes {@code ratio}
 * {@code W:H}, a reference image becomes an image-to-video {@code promptImage} data URI. What Runway cannot express
 * (a remix, a size or length the model lacks) is refused here, before any call, so it provably made no task.
 */
final class RunwayRequests {
    static final String UNSUPPORTED = "unsupported_request";
    /** The SDK's limit for a {@code promptImage} data URI. */
    private static final int MAX_DATA_URI = 5 * 1024 * 1024;
    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");

    /** One create: the path below {@code /v1} and its JSON body. */
    record Create(String endpoint, ObjectNode body) {}

    /** A submit Runway cannot take, and why, in our fields' names. */
    static final class Unsupported extends Exception {
        Unsupported(String message) { super(message, null, false, false); }

        TaskError error() { return new TaskError(UNSUPPORTED, getMessage()); }
    }

    private RunwayRequests() {}

    static Create create(SubmitJob job, ObjectMapper json) throws Unsupported {
        if (job.remixOf().isPresent()) throw new Unsupported("Runway has no remix of an earlier video");
        String name = job.spec().model();
        RunwayModels.Model model = RunwayModels.find(name).orElseThrow(() ->
                new Unsupported("model '" + name + "' is not a Runway video model; supported: " + String.join(", ", RunwayModels.names())));
        boolean image = job.reference().isPresent();
        List<String> ratios = image ? model.i2vRatios() : model.t2vRatios();
        if (ratios.isEmpty())
            throw new Unsupported(image ? "model '" + name + "' takes no reference image on Runway" : "model '" + name + "' needs a reference image on Runway");
        int duration = duration(job.spec().seconds(), model);
        String ratio = ratio(job.spec().size(), ratios, name);
        String prompt = job.prompt().value();
        if (prompt.length() > model.maxPrompt())
            throw new Unsupported("prompt is longer than the " + model.maxPrompt() + " characters model '" + name + "' takes on Runway");
        ObjectNode body = json.createObjectNode().put("model", name).put("promptText", prompt).put("ratio", ratio).put("duration", duration);
        if (image) body.put("promptImage", dataUri(job.reference().get()));
        return new Create(image ? "image_to_video" : "text_to_video", body);
    }

    private static int duration(String seconds, RunwayModels.Model model) throws Unsupported {
        try {
            int s = Integer.parseInt(seconds);
            if (model.durations().contains(s)) return s;
        } catch (NumberFormatException e) {
            // refused below, like a length the model lacks
        }
        throw new Unsupported("seconds '" + seconds + "' is not offered by model '" + model.name() + "' on Runway; allowed: " + model.durations());
    }

    private static String ratio(String size, List<String> ratios, String model) throws Unsupported {
        Matcher m = SIZE.matcher(size);
        String ratio = m.matches() ? m.group(1) + ":" + m.group(2) : size;
        if (!ratios.contains(ratio))
            throw new Unsupported("size '" + size + "' is not offered by model '" + model + "' on Runway; allowed: "
                    + ratios.stream().map(r -> r.replace(':', 'x')).toList());
        return ratio;
    }

    private static String dataUri(ReferenceUpload ref) throws Unsupported {
        String uri = "data:" + ref.image().mediaType() + ";base64," + Base64.getEncoder().encodeToString(ref.bytes());
        if (uri.length() > MAX_DATA_URI) throw new Unsupported("the reference image is over Runway's 5 MB data URI limit");
        return uri;
    }
}
