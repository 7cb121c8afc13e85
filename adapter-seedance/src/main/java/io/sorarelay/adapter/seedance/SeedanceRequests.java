package io.sorarelay.adapter.seedance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider.ReferenceUpload;
import io.sorarelay.application.port.out.VideoProvider.SubmitJob;
import io.sorarelay.domain.TaskError;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our submit in Ark's words: the prompt becomes a {@code text} part of {@code content}, a reference image an
 * {@code image_url} part with role {@code first_frame} (a Base64 data URL); {@code seconds} becomes {@code duration};
 * {@code size} {@code WxH} becomes {@code ratio} and {@code resolution} (nearest of Ark's, within a few percent). The
 * generation settings go in top-level fields, never as {@code --rs}-style commands in the text.
 */
final class SeedanceRequests {
    static final String UNSUPPORTED = "unsupported_request";
    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");
    /** Ark's limit for an image sent inline (UNVERIFIED: BytePlus documents 30 MB for image inputs). */
    private static final long MAX_IMAGE = 10L * 1024 * 1024;

    record Create(String model, ObjectNode body) {}

    static final class Unsupported extends Exception {
        Unsupported(String message) { super(message, null, false, false); }

        TaskError error() { return new TaskError(UNSUPPORTED, getMessage()); }
    }

    private SeedanceRequests() {}

    static Create create(SubmitJob job, Optional<String> callbackUrl) throws Unsupported {
        if (job.remixOf().isPresent()) throw new Unsupported("Seedance has no remix of an earlier video");
        String name = job.spec().model();
        SeedanceModels.Model model = SeedanceModels.find(name).orElseThrow(() ->
                new Unsupported("model '" + name + "' is not a Seedance model; supported: " + String.join(", ", SeedanceModels.names())));
        boolean image = job.reference().isPresent();
        if (image && !model.image()) throw new Unsupported("model '" + name + "' takes no reference image on Seedance");
        if (!image && !model.text()) throw new Unsupported("model '" + name + "' needs a reference image on Seedance");
        String size = job.spec().size();
        Matcher m = SIZE.matcher(size);
        Optional<String> ratio = m.matches() ? SeedanceModels.ratio(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : Optional.empty();
        Optional<String> resolution = m.matches()
                ? SeedanceModels.resolution(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).filter(model.resolutions()::contains)
                : Optional.empty();
        if (ratio.isEmpty() || resolution.isEmpty())
            throw new Unsupported("size '" + size + "' is not offered by model '" + name + "' on Seedance; it makes "
                    + model.resolutions() + " at ratios " + SeedanceModels.RATIOS.keySet().stream().sorted().toList());
        int seconds = seconds(job.spec().seconds(), model);
        ObjectNode body = ProviderCalls.JSON.createObjectNode().put("model", name);
        ArrayNode content = body.putArray("content");
        content.addObject().put("type", "text").put("text", job.prompt().value());
        if (image) {
            ObjectNode part = content.addObject().put("type", "image_url");
            part.putObject("image_url").put("url", dataUrl(job.reference().get()));
            part.put("role", "first_frame");
        }
        body.put("resolution", resolution.get()).put("ratio", ratio.get()).put("duration", seconds).put("watermark", false);
        callbackUrl.ifPresent(url -> body.put("callback_url", url));
        return new Create(name, body);
    }

    private static int seconds(String seconds, SeedanceModels.Model model) throws Unsupported {
        try {
            int s = Integer.parseInt(seconds);
            if (model.durations().contains(s)) return s;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Unsupported("seconds '" + seconds + "' is not offered by model '" + model.name() + "' on Seedance; allowed: "
                + model.durations().getFirst() + " to " + model.durations().getLast());
    }

    private static String dataUrl(ReferenceUpload ref) throws Unsupported {
        if (ref.bytes().length > MAX_IMAGE) throw new Unsupported("the reference image is over the 10 MB Seedance takes inline");
        return "data:" + ref.image().mediaType() + ";base64," + Base64.getEncoder().encodeToString(ref.bytes());
    }
}
