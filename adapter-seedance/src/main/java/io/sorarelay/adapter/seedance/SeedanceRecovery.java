package io.sorarelay.adapter.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.providerhttp.LostCreates;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.application.port.out.VideoProvider.Result;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the task a create made when its answer was lost (a timeout, a reset, a 5xx after the request left). Ark takes no
 * client id ({@code safety_identifier} names an end user, not a request), so the only trace is its task list: the
 * newest tasks of our model, made around the create. A task is adopted only when that is unambiguous: exactly one such
 * task that this client has not been given by another create, and no other create of this client overlapped ours.
 */
final class SeedanceRecovery {
    private final ProviderCalls calls;
    private final SeedanceClientConfig config;
    private final LostCreates.Listing listing;
    private final LostCreates creates;

    SeedanceRecovery(ProviderCalls calls, SeedanceClientConfig config) {
        this.calls = calls;
        this.config = config;
        this.creates = new LostCreates(config.clock());
        this.listing = new LostCreates.Listing("task list", ChronoUnit.SECONDS, t -> t.path("id").asText(""),
                t -> Instant.ofEpochSecond(t.path("created_at").asLong(0)), t -> SeedanceTasks.read(t, config.pollInterval()).map(SeedanceTasks.Read::observed));
    }

    /** Sends a create (see {@link LostCreates#create}), searching for its task when the answer was lost. */
    Result<Observed> create(String model, HttpRequest.Builder request, Function<ProviderCalls.Reply, Failure> refusal,
                            Function<ProviderCalls.Reply, Optional<Observed>> accepted, Failure noId) {
        return creates.create(model, calls, request, refusal, accepted, noId, this::recover);
    }

    /** After a lost answer: the one task the create made, or the original failure when that cannot be told. */
    private Result<Observed> recover(LostCreates.Attempt a, Failure lost) {
        return creates.search(a, lost, config.recoveryMargin(), listing, () -> list(a.model()));
    }

    /** The newest 100 tasks of {@code model}; the window is applied on {@code created_at}. */
    private Result<List<JsonNode>> list(String model) {
        String query = "/contents/generations/tasks?page_num=1&page_size=100&filter.model=" + URLEncoder.encode(model, StandardCharsets.UTF_8);
        return calls.call(calls.request(query).GET(), calls.idempotent()).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(SeedanceTasks.classify(r.status(), r.headers(), r.json(), false));
            List<JsonNode> items = new ArrayList<>();
            r.json().path("items").forEach(items::add);
            return new Result.Ok<>(items);
        });
    }
}
