package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.BatchingStore;
import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.ListVideoTasksPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.RelayMetricsPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.TaskCountsPort;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The task store on PostgreSQL, as one object for the bootstrap to wire: tasks, the durable work queue (claims with
 * leases) and the per-owner event log, which every task write appends to in the same atomic statement. Obtained from
 * {@link PostgresAdapter#videoTasks()}; safe to share between threads and between any number of processes on the same
 * database. It only hands each call to the class of its role:
 * <ul>
 *   <li>{@code PostgresTaskWriter}: creates and updates, combining concurrent ones (group commit);</li>
 *   <li>{@code PostgresTaskQueries}: reads by id, key and upstream id, pages and counts;</li>
 *   <li>{@code PostgresWorkQueue}: claims, leases and the upstream sweep's in-flight view;</li>
 *   <li>{@code PostgresEventLog}: replay and pruning of the owners' event logs;</li>
 *   <li>{@code PostgresTaskCounts}: the counts behind the operators' gauges.</li>
 * </ul>
 *
 * <p>When the database cannot be reached every method throws
 * {@link io.sorarelay.application.port.DependencyUnavailableException}; a write that throws it
 * wrote nothing (one statement per write), except in the unknowable case of a connection lost
 * during the commit itself, which version checks and idempotency keys make harmless to retry.
 */
public final class PostgresVideoTaskStore implements LoadVideoTaskPort, ListVideoTasksPort, SaveVideoTaskPort,
        ClaimDueTasksPort, TaskEventLogPort, InFlightTasksPort, BatchingStore, TaskCountsPort {
    private final PostgresTaskWriter writer;
    private final PostgresTaskQueries queries;
    private final PostgresWorkQueue workQueue;
    private final PostgresEventLog eventLog;
    private final BatchMetrics batchMetrics;
    private final PostgresTaskCounts counts;

    PostgresVideoTaskStore(PostgresTaskWriter writer, PostgresTaskQueries queries, PostgresWorkQueue workQueue,
                           PostgresEventLog eventLog, BatchMetrics batchMetrics, PostgresTaskCounts counts) {
        this.writer = writer;
        this.queries = queries;
        this.workQueue = workQueue;
        this.eventLog = eventLog;
        this.batchMetrics = batchMetrics;
        this.counts = counts;
    }

    PostgresTaskWriter writer() { return writer; }

    PostgresTaskQueries queries() { return queries; }

    PostgresWorkQueue workQueue() { return workQueue; }

    /** Reports the adapter's combined batches (creates, writes, webhook deliveries) to {@code metrics}. */
    @Override
    public void reportBatchesTo(RelayMetricsPort metrics) { batchMetrics.reportTo(metrics); }

    // ---- SaveVideoTaskPort: PostgresTaskWriter -----------------------------------------------------

    /** Concurrent calls share one statement and one commit; alone, a create is one statement at once. */
    @Override
    public CreateResult createOrGet(VideoTask task, NextWork firstWork) { return writer.createOrGet(task, firstWork); }

    @Override
    public CreateResult createOrGet(VideoTask task, NextWork firstWork, java.util.Optional<io.sorarelay.domain.credit.KeyBudget> budget) {
        return writer.createOrGet(task, firstWork, budget);
    }

    @Override
    public List<CreateResult> createAll(List<NewTask> tasks) { return writer.createAll(tasks); }

    /** Concurrent calls share statements and commits; alone, an update is one statement at once. */
    @Override
    public UpdateResult update(TaskUpdate update) { return writer.update(update); }

    @Override
    public List<UpdateResult> updateAll(List<TaskUpdate> updates) { return writer.updateAll(updates); }

    // ---- LoadVideoTaskPort, ListVideoTasksPort: PostgresTaskQueries --------------------------------

    @Override
    public Optional<VideoTask> findById(VideoId id) { return queries.findById(id); }

    @Override
    public Optional<VideoTask> findByClientRequestId(UserId owner, ClientRequestId clientRequestId) {
        return queries.findByClientRequestId(owner, clientRequestId);
    }

    @Override
    public List<VideoTask> findByClientRequestIds(UserId owner, Collection<ClientRequestId> clientRequestIds) {
        return queries.findByClientRequestIds(owner, clientRequestIds);
    }

    @Override
    public List<VideoTask> findByIds(UserId owner, Collection<VideoId> ids) { return queries.findByIds(owner, ids); }

    @Override
    public Optional<VideoTask> findByExternalId(String provider, ExternalTaskId externalId) {
        return queries.findByExternalId(provider, externalId);
    }

    @Override
    public List<VideoTask> list(ListVideoTasksPort.Query query) { return queries.list(query); }

    @Override
    public Map<TaskStatus, Long> countByStatus(UserId owner) { return queries.countByStatus(owner); }

    @Override
    public long countInFlight(UserId owner) { return queries.countInFlight(owner); }

    // ---- ClaimDueTasksPort, InFlightTasksPort: PostgresWorkQueue -----------------------------------

    @Override
    public List<ClaimedTask> claimDue(Instant now, int limit, String worker, Duration leaseFor) {
        return workQueue.claimDue(now, limit, worker, leaseFor);
    }

    @Override
    public boolean renew(VideoId id, long version, String worker, Instant until) { return workQueue.renew(id, version, worker, until); }

    @Override
    public boolean pinSubmit(VideoId id, long version, String worker, Optional<io.sorarelay.domain.ChannelId> channel, Instant until) {
        return workQueue.pinSubmit(id, version, worker, channel, until);
    }

    @Override
    public boolean release(VideoId id, String worker, NextWork next, boolean failed) {
        return workQueue.release(id, worker, next, failed);
    }

    @Override
    public int releaseAll(String worker) { return workQueue.releaseAll(worker); }

    @Override
    public InFlight inFlight(String channel) { return workQueue.inFlight(channel); }

    @Override
    public List<VideoTask> findInFlight(String channel, Collection<ExternalTaskId> externalIds) {
        return workQueue.findInFlight(channel, externalIds);
    }

    @Override
    public List<VideoTask> inFlightSubmittedBefore(String channel, Instant submittedBefore, int limit) {
        return workQueue.inFlightSubmittedBefore(channel, submittedBefore, limit);
    }

    @Override
    public int deferPolls(String channel, Collection<ExternalTaskId> externalIds, Instant until, Instant ifBefore) {
        return workQueue.deferPolls(channel, externalIds, until, ifBefore);
    }

    // ---- TaskCountsPort: PostgresTaskCounts --------------------------------------------------------

    @Override
    public TaskCounts counts(Instant now) { return counts.counts(now); }

    // ---- TaskEventLogPort: PostgresEventLog --------------------------------------------------------

    @Override
    public Replay eventsAfter(UserId owner, long afterId, int limit) { return eventLog.eventsAfter(owner, afterId, limit); }

    @Override
    public long lastEventId(UserId owner) { return eventLog.lastEventId(owner); }

    @Override
    public int pruneBefore(Instant cutoff) { return eventLog.pruneBefore(cutoff); }
}
