package io.sorarelay.adapter.seedance;

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

/** Ark's task object and error answers in the port's terms (status mapping: docs/providers.md). */
final class SeedanceTasks {
    static final String MODERATION = "moderation_blocked";

    /** One task read: what the port sees, Ark's own status, and the video link once it succeeded. */
    record Read(Observed observed, String status, Optional<String> videoUrl) {}

    private SeedanceTasks() {}

    /** Ark's moderation families: {@code *SensitiveContentDetected*} and {@code *RiskDetection} (input or output). */
    static boolean moderation(String code) { return code.contains("SensitiveContentDetected") || code.contains("RiskDetection"); }

    static Optional<Read> read(JsonNode task, Duration pollAfter) {
        String id = task.path("id").asText("");
        String status = task.path("status").asText("");
        if (id.isBlank() || status.isBlank()) return Optional.empty();
        UpstreamObservation o = observation(status, task.path("error"));
        boolean finished = o.status() == UpstreamObservation.UpstreamStatus.COMPLETED || o.status() == UpstreamObservation.UpstreamStatus.FAILED;
        try {
            Observed observed = new Observed(new ExternalTaskId(id), o, finished ? Optional.empty() : Optional.of(pollAfter));
            String url = task.path("content").path("video_url").asText("");
            return Optional.of(new Read(observed, status, url.isBlank() ? Optional.empty() : Optional.of(url)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static UpstreamObservation observation(String status, JsonNode error) {
        return switch (status) {
            case "queued" -> UpstreamObservation.queued();
            // Ark reports no progress: the relay estimates it from the model's typical duration.
            case "running" -> UpstreamObservation.inProgress(0);
            case "succeeded" -> UpstreamObservation.completed();
            case "failed" -> UpstreamObservation.failed(failure(error));
            case "expired" -> UpstreamObservation.failed(new TaskError("upstream_expired",
                    "Ark did not finish the task within its execution_expires_after"));
            case "cancelled" -> UpstreamObservation.failed(new TaskError("upstream_cancelled", "Ark cancelled the task"));
            default -> UpstreamObservation.inProgress(0);
        };
    }

    private static TaskError failure(JsonNode error) {
        String code = error.path("code").asText("");
        String message = error.path("message").asText("Ark reported the task as failed");
        if (moderation(code)) return new TaskError(MODERATION, message + " (" + code + ")");
        return new TaskError(code.isBlank() ? "upstream_failed" : code, message);
    }

    /**
     * A non-2xx answer ({@code {"error": {code, message, param, type}}}). 400, 401, 403, 404 and 429 are answered before
     * Ark makes a task; a 5xx may come after it made one.
     *
     * @param create whether the call was a create: there a 404 means the model or endpoint is not open to this key
     */
    static Failure classify(int status, HttpHeaders headers, JsonNode body, boolean create) {
        JsonNode error = body.path("error");
        String code = error.path("code").asText("");
        String message = error.path("message").asText("Ark answered " + status) + (code.isBlank() ? "" : " (" + code + ")");
        if (status == 429) return ProviderCalls.rateLimited(headers);
        if (status == 401 || status == 403) return new Failure.Misconfigured("Ark refused our credentials or account: " + message);
        if (status == 404) return create ? new Failure.Misconfigured("Ark does not serve this model here: " + message) : new Failure.NotFound(message);
        if (status >= 500 || status == 408) return ProviderCalls.transientAnswer("Ark " + status + ": " + message, headers);
        if (moderation(code)) return new Failure.Rejected(new TaskError(MODERATION, message));
        return new Failure.Rejected(new TaskError("invalid_request", message));
    }
}
