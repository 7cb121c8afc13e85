package io.sorarelay.adapter.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.UpstreamObservation;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** MiniMax's query answers, callbacks and {@code base_resp} codes in the port's terms (mapping: docs/providers.md). */
final class MinimaxTasks {
    static final String MODERATION = "moderation_blocked";

    private MinimaxTasks() {}

    static int code(JsonNode body) { return body.path("base_resp").path("status_code").asInt(-1); }

    /**
     * A query answer (or a callback body, whose statuses are lower case) as an observation. MiniMax reports no progress;
     * {@code Preparing} and {@code Queueing} are queued. A failed task's {@code base_resp} carries why (1026/1027: content).
     */
    static Optional<Observed> observed(JsonNode task, Duration pollAfter) {
        String id = task.path("task_id").asText("");
        String status = task.path("status").asText("").toLowerCase(Locale.ROOT);
        if (id.isBlank() || status.isBlank()) return Optional.empty();
        UpstreamObservation o = switch (status) {
            case "preparing", "queueing" -> UpstreamObservation.queued();
            case "success" -> UpstreamObservation.completed();
            case "fail", "failed" -> UpstreamObservation.failed(failure(task));
            default -> UpstreamObservation.inProgress(0);
        };
        boolean finished = o.status() == UpstreamObservation.UpstreamStatus.COMPLETED || o.status() == UpstreamObservation.UpstreamStatus.FAILED;
        try {
            return Optional.of(new Observed(new ExternalTaskId(id), o, finished ? Optional.empty() : Optional.of(pollAfter)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static TaskError failure(JsonNode task) {
        int code = code(task);
        String message = task.path("base_resp").path("status_msg").asText("MiniMax reported the task as failed") + " (" + code + ")";
        return new TaskError(code == 1026 || code == 1027 ? MODERATION : "upstream_failed", message);
    }

    /**
     * An error: {@code base_resp.status_code} ≠ 0 (MiniMax answers business errors with HTTP 200), or a non-2xx status.
     * Only 1000, 1001, 1024, 1033 and 5xx may come after a task was made; the rest are decided before.
     */
    static Failure classify(int status, JsonNode body, boolean create) { return classify(status, body, create, Optional.empty()); }

    /** @param retryAfter the answer's {@code Retry-After}, when it had one (30 s is assumed otherwise) */
    static Failure classify(int status, JsonNode body, boolean create, Optional<Duration> retryAfter) {
        int code = code(body);
        String message = body.path("base_resp").path("status_msg").asText("MiniMax answered " + status) + " (" + code + ")";
        if (code == 1002 || status == 429) return new Failure.RateLimited(retryAfter.orElse(Duration.ofSeconds(30)));
        if (code == 1004 || code == 2049 || status == 401 || status == 403) return new Failure.Misconfigured("MiniMax refused our API key: " + message);
        if (code == 1008) return new Failure.Misconfigured("MiniMax account balance is insufficient: " + message);
        if (code == 1026 || code == 1027) return new Failure.Rejected(new TaskError(MODERATION, message));
        if (code == 2013) return create ? new Failure.Rejected(new TaskError("invalid_request", message)) : new Failure.NotFound(message);
        if (status >= 500 || code == 1000 || code == 1001 || code == 1024 || code == 1033) return new Failure.Transient("MiniMax: " + message, retryAfter);
        return new Failure.Rejected(new TaskError("invalid_request", message));
    }
}
