package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The durable work queue in the task rows: claims with leases ({@link ClaimDueTasksPort}) and the upstream sweep's view
 * of the tasks in flight ({@link InFlightTasksPort}). Statements in {@code PostgresWorkQueue/*.sql}.
 */
final class PostgresWorkQueue implements ClaimDueTasksPort, InFlightTasksPort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String CLAIM_DUE = SQL.locate(PostgresWorkQueue.class, "claim-due");
    private static final String RENEW = SQL.locate(PostgresWorkQueue.class, "renew");
    private static final String RENEW_ALL = SQL.locate(PostgresWorkQueue.class, "renew-all");
    private static final String PIN_SUBMIT = SQL.locate(PostgresWorkQueue.class, "pin-submit");
    private static final String RELEASE = SQL.locate(PostgresWorkQueue.class, "release");
    private static final String RELEASE_ALL = SQL.locate(PostgresWorkQueue.class, "release-all");
    private static final String IN_FLIGHT = SQL.locate(PostgresWorkQueue.class, "in-flight");
    private static final String IN_FLIGHT_SUBMITTED_BEFORE = SQL.locate(PostgresWorkQueue.class, "in-flight-submitted-before");
    private static final String FIND_IN_FLIGHT = SQL.locate(PostgresWorkQueue.class, "find-in-flight");
    private static final String DEFER_POLLS = SQL.locate(PostgresWorkQueue.class, "defer-polls");

    /**
     * Batches of lease renewals at once, and the most in one. Every submit renews its claim just before it is sent
     * (the fence), so under load there are as many renewals as submits; combined, they cost one statement and one
     * commit per batch instead of one each.
     */
    static final int RENEW_LANES = 2;
    static final int RENEW_BATCH = 100;

    private final Database db;
    private final GroupCommit<Renewal, Boolean> renewals;

    /** One lease to extend: the task, the version its worker read, the worker, the new end. */
    private record Renewal(String videoId, long version, String worker, Instant until) {}

    PostgresWorkQueue(Database db, BatchMetrics metrics) {
        this.db = db;
        this.renewals = new GroupCommit<>(RENEW_LANES, RENEW_BATCH, this::renewBatch, metrics.observer("renew"));
    }

    // ---- ClaimDueTasksPort --------------------------------------------------------------------

    @Override
    public List<ClaimedTask> claimDue(Instant now, int limit, String worker, Duration leaseFor) {
        if (limit < 1) return List.of();
        Objects.requireNonNull(worker);
        if (leaseFor.isNegative() || leaseFor.isZero()) throw new IllegalArgumentException("a lease must last");
        Instant at = Micros.truncate(now);
        List<ClaimedTaskRow> rows = db.call(h -> h.createQuery(CLAIM_DUE).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("now", at)
                .bind("leaseUntil", Micros.truncate(at.plus(leaseFor)))
                .bind("worker", worker)
                .bind("limit", limit)
                .mapTo(ClaimedTaskRow.class)
                .list());
        // RETURNING has no order of its own: oldest due first, as the port promises.
        List<ClaimedTaskRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(ClaimedTaskRow::nextPollAt).thenComparing(r -> r.task().videoId()));
        return sorted.stream().map(r -> new ClaimedTask(r.task().toDomain(), r.failures(),
                java.util.Optional.ofNullable(r.task().externalTaskId() == null ? r.submitChannel() : null)
                        .map(io.sorarelay.domain.ChannelId::new))).toList();
    }

    @Override
    public boolean renew(VideoId id, long version, String worker, Instant until) {
        return renewals.submit(new Renewal(id.value(), version, Objects.requireNonNull(worker), Micros.truncate(until)));
    }

    /**
     * Concurrent renewals: alone, the single-row statement; together, one statement per round of distinct tasks (a
     * second renewal of a task in the same batch goes in the next round, after the first, as if it had come later).
     */
    private List<Boolean> renewBatch(List<Renewal> batch) {
        if (batch.size() == 1) return List.of(renewOne(batch.getFirst()));
        Boolean[] renewed = new Boolean[batch.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) pending.add(i);
        while (!pending.isEmpty()) {
            Set<String> tasks = new HashSet<>();
            List<Integer> round = new ArrayList<>();
            List<Integer> later = new ArrayList<>();
            for (int i : pending) (tasks.add(batch.get(i).videoId()) ? round : later).add(i);
            Set<String> extended = renewAll(round.stream().map(batch::get).toList());
            for (int i : round) renewed[i] = extended.contains(batch.get(i).videoId());
            pending = later;
        }
        return Arrays.asList(renewed);
    }

    /** Renewals waiting for a lane (for tests). */
    int queuedRenewals() {
        return renewals.queued();
    }

    // Not group-committed like renew: a pin is one write per submit that goes through channels, and it must be durable
    // before the submit is sent.
    @Override
    public boolean pinSubmit(VideoId id, long version, String worker, java.util.Optional<io.sorarelay.domain.ChannelId> channel, Instant until) {
        return db.call(h -> h.createUpdate(PIN_SUBMIT)
                .bind("videoId", id.value())
                .bind("version", version)
                .bind("worker", Objects.requireNonNull(worker))
                .bind("channel", channel.map(io.sorarelay.domain.ChannelId::value).orElse(null))
                .bind("until", Micros.truncate(until))
                .execute()) == 1;
    }

    private boolean renewOne(Renewal r) {
        return db.call(h -> h.createUpdate(RENEW)
                .bind("videoId", r.videoId())
                .bind("version", r.version())
                .bind("worker", r.worker())
                .bind("until", r.until())
                .execute()) == 1;
    }

    /** Renewals of distinct tasks in one statement; answers the ids whose lease was extended. */
    private Set<String> renewAll(List<Renewal> distinct) {
        String[] ids = distinct.stream().map(Renewal::videoId).toArray(String[]::new);
        // As text, cast by the statement: JDBI binds text arrays whatever its plugins.
        String[] versions = distinct.stream().map(r -> Long.toString(r.version())).toArray(String[]::new);
        String[] workers = distinct.stream().map(Renewal::worker).toArray(String[]::new);
        String[] untils = distinct.stream().map(r -> r.until().toString()).toArray(String[]::new);
        return db.call(h -> new HashSet<>(h.createQuery(RENEW_ALL).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("ids", ids)
                .bind("versions", versions)
                .bind("workers", workers)
                .bind("untils", untils)
                .mapTo(String.class)
                .list()));
    }

    @Override
    public boolean release(VideoId id, String worker, NextWork next, boolean failed) {
        return db.call(h -> h.createUpdate(RELEASE)
                .bind("videoId", id.value())
                .bind("worker", worker)
                .bind("keepSchedule", next instanceof NextWork.Keep)
                .bindByType("nextPollAt", TaskStatements.dueAt(next), Instant.class)
                .bind("failed", failed)
                .execute()) == 1;
    }

    @Override
    public int releaseAll(String worker) {
        return db.call(h -> h.createUpdate(RELEASE_ALL).bind("worker", worker).execute());
    }

    // ---- InFlightTasksPort --------------------------------------------------------------------

    @Override
    public InFlight inFlight(String channel) {
        return db.call(h -> h.createQuery(IN_FLIGHT)
                .bind("channel", channel)
                .map((rs, ctx) -> new InFlight(rs.getLong("n"),
                        Optional.ofNullable(rs.getObject("oldest", OffsetDateTime.class)).map(OffsetDateTime::toInstant)))
                .one());
    }

    @Override
    public List<VideoTask> findInFlight(String channel, Collection<ExternalTaskId> externalIds) {
        if (externalIds.isEmpty()) return List.of();
        String[] ids = externalIds.stream().map(ExternalTaskId::value).distinct().toArray(String[]::new);
        return db.call(h -> PostgresTaskQueries.tasks(h.createQuery(FIND_IN_FLIGHT).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("channel", channel)
                .bind("ids", ids)));
    }

    @Override
    public List<VideoTask> inFlightSubmittedBefore(String channel, Instant submittedBefore, int limit) {
        if (limit < 1) return List.of();
        return db.call(h -> PostgresTaskQueries.tasks(h.createQuery(IN_FLIGHT_SUBMITTED_BEFORE).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("channel", channel)
                .bind("before", Micros.truncate(submittedBefore))
                .bind("limit", limit)));
    }

    @Override
    public int deferPolls(String channel, Collection<ExternalTaskId> externalIds, Instant until, Instant ifBefore) {
        if (externalIds.isEmpty()) return 0;
        String[] ids = externalIds.stream().map(ExternalTaskId::value).distinct().toArray(String[]::new);
        return db.call(h -> h.createUpdate(DEFER_POLLS).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("channel", channel)
                .bind("ids", ids)
                .bind("until", Micros.truncate(until))
                .bind("ifBefore", Micros.truncate(ifBefore))
                .execute());
    }
}
