package io.sorarelay.simulator.veo;

import io.sorarelay.simulator.engine.Job;
import io.sorarelay.simulator.engine.JobState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code :predictLongRunning} asked for once validated (the payload of a Veo job), and its long-running
 * operation as the Gemini API answers it: no {@code done} while it runs; then either {@code response} with
 * {@code generateVideoResponse.generatedSamples[].video.uri}, a response whose samples were all filtered
 * ({@code raiMediaFilteredCount}), or an {@code error} status.
 */
record VeoOperation(String model, String prompt, String aspectRatio, String resolution, int durationSeconds, boolean image,
                    String storageUri, String negativePrompt, Webhook webhook) implements io.sorarelay.simulator.engine.Inputs {
    /** A dynamic webhook ({@code webhookConfig}): where to POST {@code video.generated}, and the metadata to echo. */
    record Webhook(List<String> uris, Map<String, Object> userMetadata) {
        Webhook { uris = List.copyOf(uris); userMetadata = Map.copyOf(userMetadata); }

        static final Webhook NONE = new Webhook(List.of(), Map.of());
    }

    @Override
    public java.util.Map<String, Object> inputs() {
        return negativePrompt == null ? java.util.Map.of() : java.util.Map.of("negativePrompt", negativePrompt);
    }

    static final String FILTERED_REASON = "Your prompt was blocked by our safety filters. No videos were generated.";

    /** {@code [fail]} in the prompt: the output is filtered by responsible-AI checks (a moderation refusal). */
    boolean filtered() { return prompt.contains("[fail]"); }

    String name(String id) { return "models/" + model + "/operations/" + id; }

    static Map<String, Object> json(Job<VeoOperation> job, long nowMs, String downloadUri) {
        VeoOperation op = job.payload();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", op.name(job.id()));
        JobState state = job.state(nowMs);
        if (!state.isTerminal()) return m;
        m.put("done", true);
        if (state == JobState.FAILED && !op.filtered()) {
            m.put("error", Map.of("code", 13, "message", "Video generation failed due to an internal error. Please try again."));
            return m;
        }
        Map<String, Object> generated = new LinkedHashMap<>();
        if (op.filtered()) {
            generated.put("raiMediaFilteredCount", 1);
            generated.put("raiMediaFilteredReasons", List.of(FILTERED_REASON));
        } else {
            generated.put("generatedSamples", List.of(Map.of("video", Map.of("uri", downloadUri))));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("@type", "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse");
        response.put("generateVideoResponse", generated);
        m.put("response", response);
        return m;
    }

    static Optional<String> fileId(String name) {
        int at = name.lastIndexOf('/');
        return at < 0 ? Optional.empty() : Optional.of(name.substring(at + 1));
    }
}
