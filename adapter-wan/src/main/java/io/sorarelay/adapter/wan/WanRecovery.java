package io.sorarelay.adapter.wan;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.providerhttp.LostCreates;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the task a create made when its answer was lost (a timeout, a reset, a 5xx after the request left). DashScope
 * takes no client id, so the only trace is its batch query: the tasks of our model made around the create. A task is
 * adopted only when the answer is unambiguous: exactly one such task that this client has not already been given by
 * another create, and no other create of this client overlapped ours. Anything else stays "outcome unknown".
 */
final class WanRecovery {
    private WanRecovery() {}

    /** Where a lost create's task is looked for: the batch query of its model, by {@code task_id} and {@code gmt_create}. */
    static LostCreates.Listing listing(ProviderCalls calls, WanClientConfig config) {
        return new LostCreates.Listing(model -> recent(calls, model), config.recoveryMargin(), "batch query", ChronoUnit.MILLIS,
                t -> t.path("task_id").asText(""), t -> Instant.ofEpochMilli(t.path("gmt_create").asLong(0)),
                t -> Optional.of(new Observed(new ExternalTaskId(t.path("task_id").asText()), WanTasks.listed(t.path("status").asText("")),
                        Optional.of(config.pollInterval()))));
    }

    /**
     * The newest 100 tasks of {@code model}. The window is applied on {@code gmt_create} rather than with the query's
     * {@code start_time}/{@code end_time}, whose format DashScope's references do not pin down.
     */
    private static Result<List<JsonNode>> recent(ProviderCalls calls, String model) {
        String query = "/tasks?model_name=" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "&page_no=1&page_size=100";
        return calls.call(calls.request(query).GET(), calls.idempotent()).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(WanTasks.classify(r.status(), r.headers(), r.json(), false));
            List<JsonNode> items = new ArrayList<>();
            r.json().path("data").forEach(items::add);
            return new Result.Ok<>(items);
        });
    }
}
