package io.sorarelay.adapter.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.providerhttp.LostCreates;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.application.port.out.VideoProvider.Result;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the task a create made when its answer was lost (a timeout, a reset, a 5xx after the request left). Ark takes no
 * client id ({@code safety_identifier} names an end user, not a request), so the only trace is its task list: the
 * newest tasks of our model, made around the create. A task is adopted only when that is unambiguous: exactly one such
 * task that this client has not been given by another create, and no other create of this client overlapped ours.
 */
final class SeedanceRecovery {
    private SeedanceRecovery() {}

    /** Where a lost create's task is looked for: the task list filtered to its model, by {@code id} and {@code created_at}. */
    static LostCreates.Listing listing(ProviderCalls calls, SeedanceClientConfig config) {
        return new LostCreates.Listing(model -> recent(calls, model), config.recoveryMargin(), "task list", ChronoUnit.SECONDS,
                t -> t.path("id").asText(""), t -> Instant.ofEpochSecond(t.path("created_at").asLong(0)),
                t -> SeedanceTasks.read(t, config.pollInterval()).map(SeedanceTasks.Read::observed));
    }

    /** The newest 100 tasks of {@code model}; the window is applied on {@code created_at}. */
    private static Result<List<JsonNode>> recent(ProviderCalls calls, String model) {
        String query = "/contents/generations/tasks?page_num=1&page_size=100&filter.model=" + URLEncoder.encode(model, StandardCharsets.UTF_8);
        return calls.call(calls.request(query).GET(), calls.idempotent()).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(SeedanceTasks.classify(r.status(), r.headers(), r.json(), false));
            List<JsonNode> items = new ArrayList<>();
            r.json().path("items").forEach(items::add);
            return new Result.Ok<>(items);
        });
    }
}
