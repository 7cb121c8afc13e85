package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.AdminTasksPort;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.credit.LedgerEntry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every user's tasks of an {@link InMemoryVideoTaskStore}, for the admin API. */
public final class InMemoryAdminTasks implements AdminTasksPort {
    private static final Comparator<VideoTask> NEWEST_FIRST =
            Comparator.comparing(VideoTask::createdAt).thenComparing(t -> t.id().value()).reversed();

    private final InMemoryVideoTaskStore store;

    public InMemoryAdminTasks(InMemoryVideoTaskStore store) { this.store = store; }

    @Override
    public List<VideoTask> listAll(Query q) {
        return store.allTasks().stream()
                .filter(t -> q.status().map(s -> t.status() == s).orElse(true))
                .filter(t -> q.owner().map(t::isOwnedBy).orElse(true))
                .filter(t -> q.model().map(m -> t.request().spec().model().equals(m)).orElse(true))
                .filter(t -> q.channel().map(c -> channel(t).equals(c)).orElse(true))
                .filter(t -> q.createdBefore().map(t.createdAt()::isBefore).orElse(true))
                .sorted(NEWEST_FIRST)
                .skip(q.offset()).limit(q.limit()).toList();
    }

    /** Tasks from the store, credits from its ledger's entries: a task still holds what it held until it settles. */
    @Override
    public List<UsageRow> usage(Instant from, Instant to, GroupBy groupBy) {
        Map<VideoId, long[]> credits = new HashMap<>();   // hold, capture, release
        for (LedgerEntry e : store.ledger().taskEntries()) {
            int kind = switch (e.kind()) { case HOLD -> 0; case CAPTURE -> 1; case RELEASE -> 2; default -> -1; };
            if (kind >= 0) credits.computeIfAbsent(e.task().orElseThrow(), k -> new long[3])[kind] += e.amount().value();
        }
        Map<String, long[]> totals = new TreeMap<>();
        for (VideoTask t : store.allTasks()) {
            if (t.createdAt().isBefore(from) || !t.createdAt().isBefore(to)) continue;
            long[] sum = totals.computeIfAbsent(key(t, groupBy), k -> new long[7]);
            sum[0]++;
            if (t.status() == TaskStatus.COMPLETED) {
                sum[1]++;
                sum[3] += t.request().spec().durationSeconds();
            }
            if (t.status() == TaskStatus.FAILED) sum[2]++;
            long[] c = credits.getOrDefault(t.id(), new long[3]);
            sum[4] += c[1];
            if (c[1] == 0 && c[2] == 0) sum[5] += c[0];
            sum[6] += c[2];
        }
        return totals.entrySet().stream().map(e -> {
            long[] v = e.getValue();
            return new UsageRow(e.getKey(), v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        }).toList();
    }

    private static String key(VideoTask t, GroupBy by) {
        return switch (by) {
            case USER -> t.owner().value();
            case MODEL -> t.request().spec().model();
            case CHANNEL -> channel(t);
            case DAY -> t.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        };
    }

    private static String channel(VideoTask t) { return t.channel().map(ChannelId::value).orElse(t.request().provider()); }
}
