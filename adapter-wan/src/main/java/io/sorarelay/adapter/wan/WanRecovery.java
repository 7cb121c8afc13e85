package io.sorarelay.adapter.wan;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the task a create made when its answer was lost (a timeout, a reset, a 5xx after the request left). DashScope
 * takes no client id, so the only trace is its batch query: the tasks of our model made around the create. A task is
 * adopted only when the answer is unambiguous: exactly one such task that this client has not already been given by
 * another create, and no other create of this client overlapped ours. Anything else stays "outcome unknown".
 */
final class WanRecovery {
    private static final int KNOWN_MAX = 10_000;

    /** One create in flight: whether another create started while it ran. */
    static final class Attempt {
        final String model;
        final Instant sentAt;
        volatile boolean overlapped;

        Attempt(String model, Instant sentAt) { this.model = model; this.sentAt = sentAt; }
    }

    private final WanCalls calls;
    private final WanClientConfig config;
    private final Set<Attempt> inFlight = ConcurrentHashMap.newKeySet();
    /** Task ids creates have answered, so a search never adopts a task another create already owns. */
    private final Set<String> known = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > KNOWN_MAX; }
    }));

    WanRecovery(WanCalls calls, WanClientConfig config) {
        this.calls = calls;
        this.config = config;
    }

    Attempt begin(String model) {
        Attempt a = new Attempt(model, config.clock().instant());
        for (Attempt other : inFlight) if (other.model.equals(model)) { other.overlapped = true; a.overlapped = true; }
        inFlight.add(a);
        return a;
    }

    /** The create was answered: with its task's id, or (null) with a refusal that proves no task was made. */
    void answered(Attempt a, ExternalTaskId id) {
        inFlight.remove(a);
        if (id != null) known.add(id.value());
    }

    /** After a lost answer: the one task the create made, or the original failure when that cannot be told. */
    Result<Observed> recover(Attempt a, Failure lost) {
        inFlight.remove(a);
        if (a.overlapped) return unknown(lost, "another create of the same model ran at the same time");
        Instant until = config.clock().instant();
        Result<List<JsonNode>> listed = list(a.model);
        if (listed instanceof Result.Failed<List<JsonNode>> f) return unknown(lost, "the batch query failed (" + f.failure() + ")");
        long from = a.sentAt.minus(config.recoveryMargin()).toEpochMilli();
        long to = until.plus(config.recoveryMargin()).toEpochMilli();
        List<JsonNode> candidates = ((Result.Ok<List<JsonNode>>) listed).value().stream()
                .filter(t -> t.path("gmt_create").asLong(0) >= from && t.path("gmt_create").asLong(0) <= to)
                .filter(t -> !known.contains(t.path("task_id").asText("")))
                .toList();
        if (candidates.size() != 1)
            return unknown(lost, candidates.isEmpty() ? "no task of this model appeared" : candidates.size() + " tasks of this model appeared");
        JsonNode task = candidates.getFirst();
        ExternalTaskId id = new ExternalTaskId(task.path("task_id").asText());
        known.add(id.value());
        return new Result.Ok<>(new Observed(id, WanTasks.listed(task.path("status").asText("")), Optional.of(config.pollInterval())));
    }

    /**
     * The newest 100 tasks of {@code model}. The window is applied here, on {@code gmt_create}, rather than with the
     * query's {@code start_time}/{@code end_time}, whose format DashScope's references do not pin down.
     */
    private Result<List<JsonNode>> list(String model) {
        String query = "/tasks?model_name=" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "&page_no=1&page_size=100";
        return calls.call(calls.request(query).GET(), calls.idempotent).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(WanTasks.classify(r.status(), r.headers(), r.json(), false));
            List<JsonNode> items = new ArrayList<>();
            r.json().path("data").forEach(items::add);
            return new Result.Ok<>(items);
        });
    }

    private static Result<Observed> unknown(Failure lost, String why) {
        String reason = lost instanceof Failure.Transient t ? t.reason() : lost.toString();
        return new Result.Failed<>(new Failure.Transient(reason + "; no task adopted: " + why, Optional.empty()));
    }
}
