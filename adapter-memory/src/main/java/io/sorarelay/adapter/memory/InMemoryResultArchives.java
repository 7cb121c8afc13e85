package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.ResultArchivePort;
import io.sorarelay.domain.VideoId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The archive's records in a map, over the COMPLETED tasks of an in-memory task store; one lock orders every call. */
public final class InMemoryResultArchives implements ResultArchivePort {
    /** The task store's COMPLETED tasks, as {@link InMemoryVideoTaskStore#completedSince} answers them. */
    public interface CompletedTasks {
        List<VideoId> completedSince(Instant since);
    }

    private record Entry(ResultRecord record, Optional<String> leaseOwner, Instant dueAt) {}

    private final CompletedTasks tasks;
    private final Map<VideoId, Entry> entries = new HashMap<>();

    public InMemoryResultArchives(CompletedTasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public synchronized List<VideoId> claim(String worker, Instant now, Duration lease, Instant completedSince, int limit) {
        for (VideoId id : tasks.completedSince(completedSince))
            entries.putIfAbsent(id, new Entry(new ResultRecord(id, State.PENDING, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty()), Optional.empty(), now));
        List<Map.Entry<VideoId, Entry>> due = entries.entrySet().stream()
                .filter(e -> e.getValue().record().state() == State.PENDING && !e.getValue().dueAt().isAfter(now))
                .sorted(Comparator.comparing((Map.Entry<VideoId, Entry> e) -> e.getValue().dueAt()).thenComparing(e -> e.getKey().value()))
                .limit(Math.max(0, limit)).toList();
        List<VideoId> claimed = new ArrayList<>();
        for (Map.Entry<VideoId, Entry> e : due) {
            ResultRecord r = e.getValue().record();
            entries.put(e.getKey(), new Entry(new ResultRecord(r.videoId(), r.state(), r.attempts() + 1, r.video(), r.thumbnail(),
                    r.archivedAt(), r.expiresAt(), r.lastError()), Optional.of(worker), now.plus(lease)));
            claimed.add(e.getKey());
        }
        return claimed;
    }

    private Optional<Entry> held(VideoId id, String worker) {
        return Optional.ofNullable(entries.get(id))
                .filter(e -> e.record().state() == State.PENDING && e.leaseOwner().equals(Optional.of(worker)));
    }

    @Override
    public synchronized boolean renew(VideoId id, String worker, Instant until) {
        Optional<Entry> e = held(id, worker);
        e.ifPresent(x -> entries.put(id, new Entry(x.record(), x.leaseOwner(), until)));
        return e.isPresent();
    }

    @Override
    public synchronized boolean archived(VideoId id, String worker, ResultFile video, Optional<ResultFile> thumbnail, Instant at,
                                         Instant expiresAt) {
        Optional<Entry> e = held(id, worker);
        e.ifPresent(x -> entries.put(id, new Entry(new ResultRecord(id, State.ARCHIVED, x.record().attempts(), Optional.of(video), thumbnail,
                Optional.of(at), Optional.of(expiresAt), Optional.empty()), Optional.empty(), expiresAt)));
        return e.isPresent();
    }

    @Override
    public synchronized boolean failed(VideoId id, String worker, String reason, Instant retryAt, boolean giveUp) {
        Optional<Entry> e = held(id, worker);
        e.ifPresent(x -> entries.put(id, new Entry(new ResultRecord(id, giveUp ? State.FAILED : State.PENDING, x.record().attempts(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(reason)), Optional.empty(), retryAt)));
        return e.isPresent();
    }

    @Override
    public synchronized Optional<ResultRecord> find(VideoId id) {
        return Optional.ofNullable(entries.get(id)).map(Entry::record);
    }

    @Override
    public synchronized List<ResultRecord> expiring(Instant now, int limit) {
        return entries.values().stream().filter(e -> e.record().state() == State.ARCHIVED && !e.dueAt().isAfter(now))
                .sorted(Comparator.comparing(Entry::dueAt)).limit(Math.max(0, limit)).map(Entry::record).toList();
    }

    @Override
    public synchronized boolean expired(VideoId id, Instant at) {
        Entry e = entries.get(id);
        if (e == null || e.record().state() != State.ARCHIVED) return false;
        ResultRecord r = e.record();
        entries.put(id, new Entry(new ResultRecord(id, State.EXPIRED, r.attempts(), r.video(), r.thumbnail(), r.archivedAt(), r.expiresAt(),
                Optional.empty()), Optional.empty(), at));
        return true;
    }
}
