package io.sorarelay.adapter.runway;

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

/** Runway's task object and error answers in the port's terms (status mapping: docs/providers.md). */
final class RunwayTasks {
    /** Our code for a moderation refusal, whatever the provider calls it, so the relay words it one way. */
    static final String MODERATION = "moderation_blocked";

    private RunwayTasks() {}

    /** The task as an observation; empty when the answer is not a task. */
    static Optional<Observed> observed(JsonNode task, Duration pollAfter) {
        String id = task.path("id").asText("");
        String status = task.path("status").asText("");
        if (id.isBlank() || status.isBlank()) return Optional.empty();
        UpstreamObservation o = switch (status) {
            // THROTTLED is stored but not yet enqueued (over the organization's concurrency): still waiting, as PENDING is.
            case "PENDING", "THROTTLED" -> UpstreamObservation.queued();
            case "RUNNING" -> UpstreamObservation.inProgress(percent(task.path("progress")));
            case "SUCCEEDED" -> UpstreamObservation.completed();
            case "FAILED" -> UpstreamObservation.failed(failure(task));
            case "CANCELLED" -> UpstreamObservation.failed(new TaskError("upstream_cancelled", "Runway cancelled or deleted the task"));
            default -> UpstreamObservation.inProgress(0);
        };
        boolean finished = o.status() == UpstreamObservation.UpstreamStatus.COMPLETED || o.status() == UpstreamObservation.UpstreamStatus.FAILED;
        try {
            return Optional.of(new Observed(new ExternalTaskId(id), o, finished ? Optional.empty() : Optional.of(pollAfter)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Runway's {@code progress} is a fraction (0 to 1, as the SDK documents for workflow invocations); a value above 1
     * is read as a percentage, should Runway ever send one.
     */
    static int percent(JsonNode progress) {
        if (!progress.isNumber()) return 0;
        double p = progress.asDouble();
        double pct = p <= 1.0 ? p * 100 : p;
        return (int) Math.max(0, Math.min(99, Math.round(pct)));
    }

    private static TaskError failure(JsonNode task) {
        String code = task.path("failureCode").asText("");
        String message = task.path("failure").asText("Runway reported the task as failed");
        // SAFETY.INPUT.*, SAFETY.OUTPUT.* and INPUT_PREPROCESSING.SAFETY.* are Runway's moderation families.
        if (code.startsWith("SAFETY.") || code.contains(".SAFETY.")) return new TaskError(MODERATION, message + " (" + code + ")");
        return new TaskError(code.isBlank() ? "upstream_failed" : code, message);
    }

    /**
     * A non-2xx answer. 400, 401, 403 and 429 are answered before Runway makes a task; a 5xx may come after it made one.
     */
    static Failure classify(int status, HttpHeaders headers, JsonNode body) {
        String message = body.path("error").isTextual() ? body.path("error").asText() : "Runway answered " + status;
        if (status == 429) return ProviderCalls.rateLimited(headers);
        if (status == 401 || status == 403) return new Failure.Misconfigured("Runway refused our credentials (" + status + ")");
        if (status == 404) return new Failure.NotFound(message);
        if (status >= 500 || status == 408 || status == 409) return ProviderCalls.transientAnswer("Runway " + status + ": " + message, headers);
        return new Failure.Rejected(new TaskError("invalid_request", message));
    }
}
