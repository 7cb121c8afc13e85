package io.sorarelay.adapter.veo;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.UpstreamObservation;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/** The Gemini API's long-running operation and error answers in the port's terms (mapping: docs/providers.md). */
final class VeoOperations {
    static final String MODERATION = "moderation_blocked";

    private VeoOperations() {}

    /**
     * An operation as an observation. Veo reports no progress and no queue: until {@code done} the job is in
     * progress at 0 % (the relay estimates from the model's typical duration); when done, an {@code error} fails it,
     * samples complete it, and a response whose samples were all filtered is a moderation refusal.
     */
    static Optional<Observed> observed(JsonNode op, Duration pollAfter) {
        String name = op.path("name").asText("");
        if (name.isBlank()) return Optional.empty();
        UpstreamObservation o;
        if (!op.path("done").asBoolean(false)) {
            o = UpstreamObservation.inProgress(0);
        } else if (op.has("error")) {
            JsonNode e = op.path("error");
            o = UpstreamObservation.failed(new TaskError("upstream_failed",
                    e.path("message").asText("Veo failed the operation") + " (code " + e.path("code").asInt() + ")"));
        } else {
            // The Gemini API nests samples under generateVideoResponse; Vertex AI lists videos in the response itself.
            JsonNode r = op.path("response").has("generateVideoResponse") ? op.path("response").path("generateVideoResponse") : op.path("response");
            JsonNode samples = r.has("generatedSamples") ? r.path("generatedSamples") : r.path("videos");
            if (samples.isArray() && !samples.isEmpty()) {
                o = UpstreamObservation.completed();
            } else if (r.path("raiMediaFilteredCount").asInt(0) > 0) {
                JsonNode reasons = r.path("raiMediaFilteredReasons");
                String why = reasons.isArray() && !reasons.isEmpty() ? reasons.get(0).asText() : "filtered by Veo's safety checks";
                o = UpstreamObservation.failed(new TaskError(MODERATION, why));
            } else {
                o = UpstreamObservation.failed(new TaskError("upstream_failed", "Veo finished without a video"));
            }
        }
        boolean finished = o.status() == UpstreamObservation.UpstreamStatus.COMPLETED || o.status() == UpstreamObservation.UpstreamStatus.FAILED;
        try {
            return Optional.of(new Observed(new ExternalTaskId(name), o, finished ? Optional.empty() : Optional.of(pollAfter)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Vertex AI's first video, inline ({@code bytesBase64Encoded}); empty when it is elsewhere (a Cloud Storage URI). */
    static Optional<byte[]> inlineVideo(JsonNode op) {
        JsonNode encoded = op.path("response").path("videos").path(0).path("bytesBase64Encoded");
        if (!encoded.isTextual()) return Optional.empty();
        try {
            return Optional.of(java.util.Base64.getDecoder().decode(encoded.asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The first sample's file id: the lowercase alphanumeric run after {@code files/} in its URI, as the SDK reads it. */
    static Optional<String> fileId(JsonNode op) {
        String uri = op.path("response").path("generateVideoResponse").path("generatedSamples").path(0).path("video").path("uri").asText("");
        int at = uri.indexOf("files/");
        if (at < 0) return Optional.empty();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[a-z0-9]+").matcher(uri.substring(at + 6));
        return m.lookingAt() ? Optional.of(m.group()) : Optional.empty();
    }

    /**
     * A non-2xx answer. Google answers a key it does not know 400 with reason {@code API_KEY_INVALID}, a missing or
     * forbidden one 401/403; a retired model 404; 400, 401, 403, 404 and 429 all come before any operation exists.
     */
    static Failure classify(int status, HttpHeaders headers, JsonNode body, boolean create) {
        JsonNode error = body.path("error");
        String message = error.path("message").asText("Veo answered " + status);
        String reason = error.path("details").path(0).path("reason").asText("");
        if (status == 429) return new Failure.RateLimited(ProviderCalls.retryAfter(headers).orElse(Duration.ofSeconds(30)));
        if (status == 401 || status == 403 || reason.startsWith("API_KEY")) return new Failure.Misconfigured("Google refused our API key (" + status + "): " + message);
        // A 404 on a create is the model (retired, or never on this API), which no other task will fare better with.
        if (status == 404) return create ? new Failure.Misconfigured("Veo model unavailable: " + message) : new Failure.NotFound(message);
        if (status >= 500 || status == 408 || status == 409) return ProviderCalls.transientAnswer("Veo " + status + ": " + message, headers);
        return new Failure.Rejected(new TaskError("invalid_request", message));
    }
}
