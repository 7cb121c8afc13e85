package io.sorarelay.adapter.wan;

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
import java.util.Set;

/** DashScope's task answers and error answers in the port's terms (status mapping: docs/providers.md). */
final class WanTasks {
    /** Our code for a moderation refusal, whatever the provider calls it. */
    static final String MODERATION = "moderation_blocked";
    /** DashScope's content-safety codes: input or output moderation, and suspected infringement. */
    private static final Set<String> SAFETY = Set.of("DataInspectionFailed", "IPInfringementSuspect", "DataInspectionFailed.Output");

    /** What a task read said. */
    sealed interface Read {
        record Known(Observed observed, String status, Optional<String> videoUrl) implements Read {}

        /** {@code UNKNOWN}: DashScope does not know the task, or has forgotten it (tasks are kept 24 hours). */
        record Unknown() implements Read {}
    }

    private WanTasks() {}

    static Optional<Read> read(JsonNode answer, Duration pollAfter) {
        JsonNode output = answer.path("output");
        String id = output.path("task_id").asText("");
        String status = output.path("task_status").asText("");
        if (status.isBlank()) return Optional.empty();
        if ("UNKNOWN".equals(status)) return Optional.of(new Read.Unknown());
        if (id.isBlank()) return Optional.empty();
        UpstreamObservation o = switch (status) {
            // SUSPENDED is in the SDK's status enum: a task held back, still to run.
            case "PENDING", "SUSPENDED" -> UpstreamObservation.queued();
            // DashScope reports no progress: the relay estimates it from the model's typical duration.
            case "RUNNING" -> UpstreamObservation.inProgress(0);
            case "SUCCEEDED" -> UpstreamObservation.completed();
            case "FAILED" -> UpstreamObservation.failed(failure(output));
            case "CANCELED" -> UpstreamObservation.failed(new TaskError("upstream_cancelled", "DashScope cancelled the task"));
            default -> UpstreamObservation.inProgress(0);
        };
        boolean finished = o.status() == UpstreamObservation.UpstreamStatus.COMPLETED || o.status() == UpstreamObservation.UpstreamStatus.FAILED;
        try {
            Observed observed = new Observed(new ExternalTaskId(id), o, finished ? Optional.empty() : Optional.of(pollAfter));
            String url = output.path("video_url").asText("");
            return Optional.of(new Read.Known(observed, status, url.isBlank() ? Optional.empty() : Optional.of(url)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The listed status of a batch-query item as an observation. */
    static UpstreamObservation listed(String status) {
        return switch (status) {
            case "PENDING", "SUSPENDED" -> UpstreamObservation.queued();
            case "SUCCEEDED" -> UpstreamObservation.completed();
            case "FAILED" -> UpstreamObservation.failed(new TaskError("upstream_failed", "DashScope reported the task as failed"));
            case "CANCELED" -> UpstreamObservation.failed(new TaskError("upstream_cancelled", "DashScope cancelled the task"));
            default -> UpstreamObservation.inProgress(0);
        };
    }

    private static TaskError failure(JsonNode output) {
        String code = output.path("code").asText("");
        String message = output.path("message").asText("DashScope reported the task as failed");
        if (SAFETY.contains(code)) return new TaskError(MODERATION, message + " (" + code + ")");
        return new TaskError(code.isBlank() ? "upstream_failed" : code, message);
    }

    /**
     * A non-2xx answer ({@code {request_id, code, message}}). 400, 401, 403, 404 and 429 are answered before DashScope
     * makes a task; a 5xx may come after it made one.
     *
     * @param create whether the call was a create: there a 404 means the model is not served to this key or region
     */
    static Failure classify(int status, HttpHeaders headers, JsonNode body, boolean create) {
        String code = body.path("code").asText("");
        String message = body.path("message").asText("DashScope answered " + status) + (code.isBlank() ? "" : " (" + code + ")");
        if (status == 429) return ProviderCalls.rateLimited(headers);
        if (status == 401 || status == 403) return new Failure.Misconfigured("DashScope refused our credentials or account: " + message);
        if (status == 404) return create ? new Failure.Misconfigured("DashScope does not serve this model here: " + message) : new Failure.NotFound(message);
        if (status >= 500 || status == 408 || status == 409) return ProviderCalls.transientAnswer("DashScope " + status + ": " + message, headers);
        if (SAFETY.contains(code)) return new Failure.Rejected(new TaskError(MODERATION, message));
        return new Failure.Rejected(new TaskError("invalid_request", message));
    }
}
