package io.sorarelay.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's history merge: a client's local entries are matched to server tasks first by
 * {@code videoId}, then by {@code clientRequestId}, earlier entries first, and each server task is
 * matched at most once. A local entry that points at an already matched task is a duplicate row.
 */
public final class HistoryMerge {
    private HistoryMerge() {}

    public record LocalEntry(String localId, Optional<VideoId> videoId, Optional<ClientRequestId> clientRequestId) {
        public LocalEntry {
            if (localId == null || localId.isEmpty()) throw new InvalidValueException("localId", "localId is required");
            Objects.requireNonNull(videoId);
            Objects.requireNonNull(clientRequestId);
        }
    }

    public record Match(String localId, VideoTask task) {}

    public record Duplicate(String localId, VideoId videoId) {}

    public record Result(List<Match> matched, List<Duplicate> duplicates, List<String> unmatchedLocal, List<VideoTask> serverOnly) {}

    public static Result merge(List<LocalEntry> local, Collection<VideoTask> server) {
        Map<VideoId, VideoTask> byId = new LinkedHashMap<>();
        Map<ClientRequestId, VideoTask> byRequest = new HashMap<>();
        for (VideoTask t : server) {
            byId.put(t.id(), t);
            t.clientRequestId().ifPresent(c -> byRequest.put(c, t));
        }
        Map<Integer, VideoTask> matchOf = new HashMap<>();
        Map<Integer, VideoTask> duplicateOf = new HashMap<>();
        Set<VideoId> taken = new HashSet<>();
        // Pass 1: exact ids, so an entry that knows the id wins over one that only has the request id.
        for (int i = 0; i < local.size(); i++) {
            VideoTask t = local.get(i).videoId().map(byId::get).orElse(null);
            if (t == null) continue;
            if (taken.add(t.id())) matchOf.put(i, t); else duplicateOf.put(i, t);
        }
        // Pass 2: request ids, for entries that found nothing by id.
        for (int i = 0; i < local.size(); i++) {
            if (matchOf.containsKey(i) || duplicateOf.containsKey(i)) continue;
            VideoTask t = local.get(i).clientRequestId().map(byRequest::get).orElse(null);
            if (t == null) continue;
            if (taken.add(t.id())) matchOf.put(i, t); else duplicateOf.put(i, t);
        }
        List<Match> matched = new ArrayList<>();
        List<Duplicate> duplicates = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (int i = 0; i < local.size(); i++) {
            String localId = local.get(i).localId();
            if (matchOf.containsKey(i)) matched.add(new Match(localId, matchOf.get(i)));
            else if (duplicateOf.containsKey(i)) duplicates.add(new Duplicate(localId, duplicateOf.get(i).id()));
            else unmatched.add(localId);
        }
        List<VideoTask> serverOnly = byId.values().stream().filter(t -> !taken.contains(t.id())).toList();
        return new Result(List.copyOf(matched), List.copyOf(duplicates), List.copyOf(unmatched), serverOnly);
    }
}
