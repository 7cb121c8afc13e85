package io.sorarelay.adapter.seedance;

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
 * Finds the task a create made when its answer was lost (a timeout, a reset, a 5xx after the request left). Ark takes no
 * client id ({@code safety_identifier} names an end user, not a request), so the only trace is its task list: the
 * newest tasks of our model, made around the create. A task is adopted only when that is unambiguous: exactly one such
 * task that this client has not been given by another create, and no other create of this client overlapped ours.
 */
final class SeedanceRecovery {
    private static final int KNOWN_MAX = 10_000;

    static final class Attempt {
        final String model;
        final Instant sentAt;
        volatile boolean overlapped;

        Attempt(String model, Instant sentAt) { this.model = model; this.sentAt = sentAt; }
    }

    private final SeedanceCalls calls;
    private final SeedanceClientConfig config;
    private final Set<Attempt> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> known = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > KNOWN_MAX; }
    }));

    SeedanceRecovery(SeedanceCalls calls, SeedanceClientConfig config) {
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

    Result<Observed> recover(Attempt a, Failure lost) {
        inFlight.remove(a);
        if (a.overlapped) return unknown(lost, "another create of the same model ran at the same time");
        long from = a.sentAt.minus(config.recoveryMargin()).getEpochSecond();
        long to = config.clock().instant().plus(config.recoveryMargin()).getEpochSecond();
        String query = "/contents/generations/tasks?page_num=1&page_size=100&filter.model=" + URLEncoder.encode(a.model, StandardCharsets.UTF_8);
        Result<List<JsonNode>> listed = calls.call(calls.request(query).GET(), calls.idempotent).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(SeedanceTasks.classify(r.status(), r.headers(), r.json(), false));
            List<JsonNode> items = new ArrayList<>();
            r.json().path("items").forEach(items::add);
            return new Result.Ok<>(items);
        });
        if (listed instanceof Result.Failed<List<JsonNode>> f) return unknown(lost, "the task list failed (" + f.failure() + ")");
        List<JsonNode> candidates = ((Result.Ok<List<JsonNode>>) listed).value().stream()
                .filter(t -> t.path("created_at").asLong(0) >= from && t.path("created_at").asLong(0) <= to)
                .filter(t -> !known.contains(t.path("id").asText("")))
                .toList();
        if (candidates.size() != 1)
            return unknown(lost, candidates.isEmpty() ? "no task of this model appeared" : candidates.size() + " tasks of this model appeared");
        JsonNode task = candidates.getFirst();
        Optional<SeedanceTasks.Read> read = SeedanceTasks.read(task, config.pollInterval());
        if (read.isEmpty()) return unknown(lost, "the listed task was unreadable");
        known.add(task.path("id").asText());
        return new Result.Ok<>(read.get().observed());
    }

    private static Result<Observed> unknown(Failure lost, String why) {
        String reason = lost instanceof Failure.Transient t ? t.reason() : lost.toString();
        return new Result.Failed<>(new Failure.Transient(reason + "; no task adopted: " + why, Optional.empty()));
    }
}
