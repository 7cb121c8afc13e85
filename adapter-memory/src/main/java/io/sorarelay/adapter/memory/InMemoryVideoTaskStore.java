package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.ListVideoTasksPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.TaskCountsPort;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.credit.InsufficientCredits;
import io.sorarelay.domain.credit.KeyBudget;
import io.sorarelay.domain.credit.Settlement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tasks, their schedule and leases, and the per-owner event log, in memory. One lock makes every
 * write atomic with its event (the same guarantees as the PostgreSQL store, within one process).
 */
public final class InMemoryVideoTaskStore
        implements LoadVideoTaskPort, ListVideoTasksPort, SaveVideoTaskPort, ClaimDueTasksPort, TaskEventLogPort, InFlightTasksPort,
        TaskCountsPort {

    private record Row(VideoTask task, Instant nextWorkAt, String leaseOwner, Instant leaseUntil, int failures) {
        Row withTask(VideoTask t) { return new Row(t, nextWorkAt, leaseOwner, leaseUntil, failures); }
        Row schedule(NextWork next) {
            return switch (next) {
                case NextWork.Keep k -> this;
                case NextWork.At at -> new Row(task, at.at(), leaseOwner, leaseUntil, failures);
                case NextWork.None n -> new Row(task, null, leaseOwner, leaseUntil, failures);
            };
        }
        Row unleased(int nextFailures) { return new Row(task, nextWorkAt, null, null, nextFailures); }
        /** Due at {@code now} and held by no worker (or by one whose lease ran out): what a claim would take. */
        boolean claimableAt(Instant now) {
            return nextWorkAt != null && !nextWorkAt.isAfter(now) && (leaseUntil == null || leaseUntil.isBefore(now));
        }
    }

    private static final class EventLog {
        final TreeMap<Long, TaskEvent> events = new TreeMap<>();
        long lastId;
        long prunedThrough;
    }

    private static final Comparator<VideoTask> BY_CREATION =
            Comparator.comparing(VideoTask::createdAt).thenComparing(t -> t.id().value());

    private final Map<VideoId, Row> rows = new HashMap<>();
    /** Where each task's last submit went, until it has an upstream job (ClaimDueTasksPort.pinSubmit). */
    private final Map<VideoId, ChannelId> submitPins = new HashMap<>();
    private final Map<UserId, Map<ClientRequestId, VideoId>> byClientRequestId = new HashMap<>();
    private final Map<UserId, EventLog> logs = new HashMap<>();
    /** (provider, upstream id) → task, like PostgreSQL's video_tasks_external index. */
    private final Map<Map.Entry<String, ExternalTaskId>, VideoId> byExternalId = new HashMap<>();
    /** (channel, upstream id) → task, like PostgreSQL's video_tasks_job_on_channel index: the sweep's lookup. */
    private final Map<Map.Entry<String, ExternalTaskId>, VideoId> byChannelJob = new HashMap<>();
    /** Where tasks with a cost hold and settle, in the same step as their writes. */
    private final InMemoryCreditLedger ledger;

    /** A store with a ledger of its own. */
    public InMemoryVideoTaskStore() {
        this(new InMemoryCreditLedger());
    }

    public InMemoryVideoTaskStore(InMemoryCreditLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger);
    }

    /** The ledger this store's tasks hold and settle in. */
    public InMemoryCreditLedger ledger() { return ledger; }

    // ---- SaveVideoTaskPort --------------------------------------------------------------------

    @Override
    public CreateResult createOrGet(VideoTask task, NextWork firstWork) {
        return createOrGet(task, firstWork, Optional.empty());
    }

    @Override
    public synchronized CreateResult createOrGet(VideoTask task, NextWork firstWork, Optional<KeyBudget> budget) {
        Objects.requireNonNull(task);
        if (task.clientRequestId().isPresent()) {
            VideoId existing = byClientRequestId.getOrDefault(task.owner(), Map.of()).get(task.clientRequestId().get());
            if (existing != null) return new CreateResult.Existing(rows.get(existing).task());
        }
        Row present = rows.get(task.id());
        if (present != null) return new CreateResult.Existing(present.task());
        if (task.cost().value() > 0) {
            Optional<InsufficientCredits> refused = ledger.hold(task.owner(), task.id(), task.cost(), budget);
            if (refused.isPresent()) return new CreateResult.Refused(refused.get());
        }
        rows.put(task.id(), new Row(task, null, null, null, 0).schedule(firstWork));
        index(task);
        task.clientRequestId().ifPresent(k -> byClientRequestId.computeIfAbsent(task.owner(), o -> new HashMap<>()).put(k, task.id()));
        return new CreateResult.Inserted(task, append(task));
    }

    @Override
    public synchronized UpdateResult update(TaskUpdate update) {
        VideoTask next = update.change().next();
        Row row = rows.get(next.id());
        if (row == null || row.task().version() != update.change().expectedVersion()) return new UpdateResult.Conflict();
        if (update.worker().isPresent() && !update.worker().get().equals(row.leaseOwner())) return new UpdateResult.Conflict();
        if (next.cost().value() > 0) ledger.settle(next.owner(), next.id(), Settlement.of(update.change()));
        Row written = row.withTask(next).schedule(update.next());
        if (update.worker().isPresent()) written = written.unleased(0);
        rows.put(next.id(), written);
        index(next);
        return new UpdateResult.Updated(next, append(next));
    }

    private void index(VideoTask task) {
        task.externalTaskId().ifPresent(ext -> {
            byExternalId.putIfAbsent(Map.entry(task.request().provider(), ext), task.id());
            byChannelJob.putIfAbsent(Map.entry(task.channel().orElseThrow().value(), ext), task.id());
        });
    }

    private TaskEvent append(VideoTask task) {
        EventLog log = logs.computeIfAbsent(task.owner(), o -> new EventLog());
        TaskEvent event = new TaskEvent(++log.lastId, task.owner(), task.view(), task.updatedAt());
        log.events.put(event.id(), event);
        return event;
    }

    // ---- LoadVideoTaskPort --------------------------------------------------------------------

    @Override
    public synchronized Optional<VideoTask> findById(VideoId id) {
        return Optional.ofNullable(rows.get(id)).map(Row::task);
    }

    @Override
    public synchronized Optional<VideoTask> findByClientRequestId(UserId owner, ClientRequestId clientRequestId) {
        return Optional.ofNullable(byClientRequestId.getOrDefault(owner, Map.of()).get(clientRequestId)).map(id -> rows.get(id).task());
    }

    @Override
    public synchronized List<VideoTask> findByClientRequestIds(UserId owner, Collection<ClientRequestId> clientRequestIds) {
        Map<ClientRequestId, VideoId> mine = byClientRequestId.getOrDefault(owner, Map.of());
        return clientRequestIds.stream().distinct().map(mine::get).filter(Objects::nonNull).map(id -> rows.get(id).task()).toList();
    }

    @Override
    public synchronized List<VideoTask> findByIds(UserId owner, Collection<VideoId> ids) {
        return ids.stream().distinct().map(rows::get).filter(Objects::nonNull).map(Row::task)
                .filter(t -> t.owner().equals(owner)).toList();
    }

    @Override
    public synchronized Optional<VideoTask> findByExternalId(String provider, ExternalTaskId externalId) {
        return rows.values().stream().map(Row::task)
                .filter(t -> t.request().provider().equals(provider) && t.externalTaskId().filter(externalId::equals).isPresent())
                .min(BY_CREATION);
    }

    // ---- ListVideoTasksPort -------------------------------------------------------------------

    /** Every task as it is now, for {@link InMemoryAdminTasks}. */
    synchronized List<VideoTask> allTasks() { return rows.values().stream().map(Row::task).toList(); }

    @Override
    public synchronized List<VideoTask> list(Query q) {
        Comparator<VideoTask> order = q.newestFirst() ? BY_CREATION.reversed() : BY_CREATION;
        return rows.values().stream().map(Row::task)
                .filter(t -> t.owner().equals(q.owner()))
                .filter(t -> q.status().map(s -> t.status() == s).orElse(true))
                .filter(t -> q.after().map(c -> {
                    int cmp = Comparator.comparing(Cursor::createdAt).thenComparing(x -> x.videoId().value())
                            .compare(new Cursor(t.createdAt(), t.id()), c);
                    return q.newestFirst() ? cmp < 0 : cmp > 0;
                }).orElse(true))
                .sorted(order)
                .skip(q.offset())
                .limit(q.limit())
                .toList();
    }

    @Override
    public synchronized Map<TaskStatus, Long> countByStatus(UserId owner) {
        Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) counts.put(s, 0L);
        for (Row r : rows.values()) if (r.task().owner().equals(owner)) counts.merge(r.task().status(), 1L, Long::sum);
        return counts;
    }

    @Override
    public synchronized long countInFlight(UserId owner) {
        return rows.values().stream().filter(r -> r.task().owner().equals(owner) && !r.task().isTerminal()).count();
    }

    /** The COMPLETED tasks that completed after {@code since}: what the in-memory result archive starts records for. */
    public synchronized List<VideoId> completedSince(Instant since) {
        return rows.values().stream().map(Row::task)
                .filter(t -> t.status() == TaskStatus.COMPLETED && t.completedAt().map(since::isBefore).orElse(false))
                .map(VideoTask::id).toList();
    }

    // ---- TaskCountsPort -----------------------------------------------------------------------

    @Override
    public synchronized TaskCounts counts(Instant now) {
        Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
        long submitted = 0, due = 0;
        for (Row r : rows.values()) {
            byStatus.merge(r.task().status(), 1L, Long::sum);
            if (!r.task().isTerminal() && r.task().externalTaskId().isPresent()) submitted++;
            if (r.claimableAt(now)) due++;
        }
        return new TaskCounts(byStatus, submitted, due);
    }

    // ---- ClaimDueTasksPort --------------------------------------------------------------------

    @Override
    public synchronized List<ClaimedTask> claimDue(Instant now, int limit, String worker, Duration leaseFor) {
        Objects.requireNonNull(worker);
        if (limit < 1) return List.of();
        if (leaseFor.isNegative() || leaseFor.isZero()) throw new IllegalArgumentException("a lease must last");
        List<Row> due = rows.values().stream()
                .filter(r -> r.claimableAt(now))
                .sorted(Comparator.comparing(Row::nextWorkAt).thenComparing(r -> r.task().id().value()))
                .limit(limit)
                .toList();
        List<ClaimedTask> claimed = new ArrayList<>(due.size());
        for (Row r : due) {
            rows.put(r.task().id(), new Row(r.task(), r.nextWorkAt(), worker, now.plus(leaseFor), r.failures()));
            if (r.task().externalTaskId().isPresent()) submitPins.remove(r.task().id());
            claimed.add(new ClaimedTask(r.task(), r.failures(), Optional.ofNullable(submitPins.get(r.task().id()))));
        }
        return claimed;
    }

    @Override
    public synchronized boolean renew(VideoId id, long version, String worker, Instant until) {
        Row row = rows.get(id);
        if (row == null || !worker.equals(row.leaseOwner()) || row.task().version() != version) return false;
        if (until.isAfter(row.leaseUntil())) rows.put(id, new Row(row.task(), row.nextWorkAt(), worker, until, row.failures()));
        return true;
    }

    @Override
    public synchronized boolean pinSubmit(VideoId id, long version, String worker, Optional<ChannelId> channel, Instant until) {
        if (!renew(id, version, worker, until)) return false;
        if (channel.isPresent()) submitPins.put(id, channel.get());
        else submitPins.remove(id);
        return true;
    }

    @Override
    public synchronized boolean release(VideoId id, String worker, NextWork next, boolean failed) {
        Row row = rows.get(id);
        if (row == null || !worker.equals(row.leaseOwner())) return false;
        rows.put(id, row.schedule(next).unleased(failed ? row.failures() + 1 : 0));
        return true;
    }

    @Override
    public synchronized int releaseAll(String worker) {
        int released = 0;
        for (Map.Entry<VideoId, Row> e : rows.entrySet()) {
            if (worker.equals(e.getValue().leaseOwner())) {
                e.setValue(e.getValue().unleased(e.getValue().failures()));
                released++;
            }
        }
        return released;
    }

    /** The digests of the reference images some task may still send ({@link VideoTask#mayStillSendReferenceImage}). */
    public synchronized Set<String> referenceImagesStillSent(Instant retryableSince) {
        Set<String> digests = new HashSet<>();
        for (Row r : rows.values())
            if (r.task().mayStillSendReferenceImage(retryableSince)) digests.add(r.task().request().referenceImage().orElseThrow().sha256());
        return digests;
    }

    // ---- InFlightTasksPort --------------------------------------------------------------------

    private static boolean inFlight(VideoTask t, String channel) {
        return !t.isTerminal() && t.channel().map(c -> c.value().equals(channel)).orElse(false);
    }

    @Override
    public synchronized InFlight inFlight(String channel) {
        long count = 0;
        Instant oldest = null;
        for (Row r : rows.values()) {
            if (!inFlight(r.task(), channel)) continue;
            count++;
            Instant at = r.task().submittedAt().orElse(r.task().createdAt());
            if (oldest == null || at.isBefore(oldest)) oldest = at;
        }
        return new InFlight(count, Optional.ofNullable(oldest));
    }

    @Override
    public synchronized List<VideoTask> findInFlight(String channel, Collection<ExternalTaskId> externalIds) {
        return externalIds.stream().distinct().map(ext -> byChannelJob.get(Map.entry(channel, ext))).filter(Objects::nonNull)
                .map(rows::get).map(Row::task).filter(t -> inFlight(t, channel)).toList();
    }

    @Override
    public synchronized List<VideoTask> inFlightSubmittedBefore(String channel, Instant submittedBefore, int limit) {
        return rows.values().stream().map(Row::task).filter(t -> inFlight(t, channel))
                .filter(t -> t.submittedAt().orElse(t.createdAt()).isBefore(submittedBefore))
                .sorted(java.util.Comparator.comparing((VideoTask t) -> t.submittedAt().orElse(t.createdAt())).thenComparing(t -> t.id().value()))
                .limit(limit).toList();
    }

    @Override
    public synchronized int deferPolls(String channel, Collection<ExternalTaskId> externalIds, Instant until, Instant ifBefore) {
        int deferred = 0;
        for (VideoTask t : findInFlight(channel, externalIds)) {
            Row r = rows.get(t.id());
            Instant capped = until.isAfter(t.deadlineAt()) ? t.deadlineAt() : until;
            Instant threshold = ifBefore.isAfter(capped) ? capped : ifBefore;
            if (r.leaseOwner() != null || r.nextWorkAt() == null || !r.nextWorkAt().isBefore(threshold)) continue;
            rows.put(t.id(), r.schedule(NextWork.at(capped)));
            deferred++;
        }
        return deferred;
    }

    // ---- TaskEventLogPort ---------------------------------------------------------------------

    @Override
    public synchronized Replay eventsAfter(UserId owner, long afterId, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        EventLog log = logs.get(owner);
        if (log == null) return new Replay.Events(List.of());
        if (afterId < log.prunedThrough) return new Replay.Expired();
        return new Replay.Events(log.events.tailMap(afterId, false).values().stream().limit(limit).toList());
    }

    @Override
    public synchronized long lastEventId(UserId owner) {
        EventLog log = logs.get(owner);
        return log == null ? 0 : log.lastId;
    }

    @Override
    public synchronized int pruneBefore(Instant cutoff) {
        int pruned = 0;
        for (EventLog log : logs.values()) {
            Set<Long> doomed = new HashSet<>();
            for (TaskEvent e : log.events.values()) if (e.occurredAt().isBefore(cutoff)) doomed.add(e.id());
            if (doomed.isEmpty()) continue;
            long through = doomed.stream().mapToLong(Long::longValue).max().orElseThrow();
            int before = log.events.size();
            log.events.headMap(through, true).clear();
            log.prunedThrough = Math.max(log.prunedThrough, through);
            pruned += before - log.events.size();
        }
        return pruned;
    }
}
