package io.sorarelay.adapter.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.providerhttp.LostCreates;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the task a create made when its answer was lost (a timeout, a reset, a 5xx after the request left). Ark takes no
 * client id ({@code safety_identifier} names an end user, not a request), so the only trace is its task list: the
 * newest tasks of our model, made around the create. A task is adopted only when that is unambiguous: exactly one such
 * task that this client has not been given by another create, and no other create of this client overlapped ours.
 */
final class SeedanceRecovery {
    private final ProviderCalls calls;
    private final SeedanceClientConfig config;
    private final LostCreates creates;

    SeedanceRecovery(ProviderCalls calls, SeedanceClientConfig config) {
        this.calls = calls;
        this.config = config;
        this.creates = new LostCreates(config.clock());
    }

    LostCreates.Attempt begin(String model) { return creates.begin(model); }

    /** The create was answered: with its task's id, or (null) with a refusal that proves no task was made. */
    void answered(LostCreates.Attempt a, ExternalTaskId id) { creates.answered(a, id); }

    Result<Observed> recover(LostCreates.Attempt a, Failure lost) {
        Optional<String> untrusted = creates.lost(a);
        if (untrusted.isPresent()) return LostCreates.unknown(lost, untrusted.get());
        long from = a.sentAt().minus(config.recoveryMargin()).getEpochSecond();
        long to = config.clock().instant().plus(config.recoveryMargin()).getEpochSecond();
        String query = "/contents/generations/tasks?page_num=1&page_size=100&filter.model=" + URLEncoder.encode(a.model(), StandardCharsets.UTF_8);
        Result<List<JsonNode>> listed = calls.call(calls.request(query).GET(), calls.idempotent()).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(SeedanceTasks.classify(r.status(), r.headers(), r.json(), false));
            List<JsonNode> items = new ArrayList<>();
            r.json().path("items").forEach(items::add);
            return new Result.Ok<>(items);
        });
        if (listed instanceof Result.Failed<List<JsonNode>> f) return LostCreates.unknown(lost, "the task list failed (" + f.failure() + ")");
        List<JsonNode> candidates = ((Result.Ok<List<JsonNode>>) listed).value().stream()
                .filter(t -> t.path("created_at").asLong(0) >= from && t.path("created_at").asLong(0) <= to)
                .filter(t -> !creates.owned(t.path("id").asText("")))
                .toList();
        if (candidates.size() != 1)
            return LostCreates.unknown(lost, candidates.isEmpty() ? "no task of this model appeared" : candidates.size() + " tasks of this model appeared");
        JsonNode task = candidates.getFirst();
        Optional<SeedanceTasks.Read> read = SeedanceTasks.read(task, config.pollInterval());
        if (read.isEmpty()) return LostCreates.unknown(lost, "the listed task was unreadable");
        creates.adopt(task.path("id").asText());
        return new Result.Ok<>(read.get().observed());
    }
}
