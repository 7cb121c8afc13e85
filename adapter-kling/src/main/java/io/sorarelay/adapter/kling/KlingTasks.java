package io.sorarelay.adapter.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.UpstreamObservation;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Kling's task object and error answers in the port's terms (mapping: docs/providers.md). */
final class KlingTasks {
    static final String MODERATION = "moderation_blocked";

    private KlingTasks() {}

    /**
     * A task ({@code data} of a query, or a callback's flat body) as an observation; our external id is
     * {@code family/task_id} since reads must use the family the task was created on. Kling reports no progress.
     */
    static Optional<Observed> observed(String family, JsonNode task, Duration pollAfter) {
        String id = task.path("task_id").asText("");
        String status = task.path("task_status").asText("");
        if (id.isBlank() || status.isBlank()) return Optional.empty();
        UpstreamObservation o = switch (status) {
            case "submitted" -> UpstreamObservation.queued();
            case "succeed" -> UpstreamObservation.completed();
            case "failed" -> UpstreamObservation.failed(failure(task.path("task_status_msg").asText("")));
            default -> UpstreamObservation.inProgress(0);
        };
        boolean finished = o.status() == UpstreamObservation.UpstreamStatus.COMPLETED || o.status() == UpstreamObservation.UpstreamStatus.FAILED;
        try {
            return Optional.of(new Observed(new ExternalTaskId(family + "/" + id), o, finished ? Optional.empty() : Optional.of(pollAfter)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Kling gives a failed task a message only ("the failure reason, such as triggering the platform's content
     * moderation"); its wording is not documented, so content failures are recognised by the words they use.
     */
    private static TaskError failure(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        String why = message.isBlank() ? "Kling reported the task as failed" : message;
        if (m.contains("risk") || m.contains("security") || m.contains("sensitive") || m.contains("policy") || m.contains("moderation")) return new TaskError(MODERATION, why);
        return new TaskError("upstream_failed", why);
    }

    /**
     * An error answer ({@code code} ≠ 0, whatever the HTTP status). Every code Kling documents is decided before a task
     * exists, except 5000–5002 (internal error, maintenance, timeout), which may come after.
     */
    static Failure classify(int status, HttpHeaders headers, JsonNode body, boolean create) {
        int code = body.path("code").asInt(-1);
        String message = body.path("message").asText("Kling answered " + status) + " (code " + code + ")";
        if (code >= 1000 && code <= 1004 || code == 1103 || code == 1304 || status == 401 || status == 403)
            return new Failure.Misconfigured("Kling refused our credentials or account: " + message);
        // 1100-1102: account exception, arrears, resource pack used up: no task can run until someone pays.
        if (code >= 1100 && code <= 1102) return new Failure.Misconfigured("Kling account cannot run tasks: " + message);
        if (code == 1302 || code == 1303 || status == 429)
            return new Failure.RateLimited(ProviderCalls.retryAfter(headers).orElse(code == 1303 ? Duration.ofSeconds(1) : Duration.ofSeconds(30)));
        if (code == 1300 || code == 1301) return new Failure.Rejected(new TaskError(MODERATION, message));
        if (code == 1202 || code == 1203 || status == 404) return create ? new Failure.Rejected(new TaskError("invalid_request", message)) : new Failure.NotFound(message);
        if (code >= 5000 || status >= 500) return ProviderCalls.transientAnswer("Kling " + status + ": " + message, headers);
        return new Failure.Rejected(new TaskError("invalid_request", message));
    }

    /** Whether a refused create names {@code external_task_id}: our key was used already, by a create whose answer we lost. */
    static boolean duplicateKey(JsonNode body) {
        return body.path("code").asInt() == 1201 && body.path("message").asText("").contains("external_task_id");
    }
}
