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
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable work queue in the task rows: claims with leases ({@link ClaimDueTasksPort}) and the upstream sweep's view
 * of the tasks in flight ({@link InFlightTasksPort}). Statements in {@code PostgresWorkQueue/*.sql}.
 */
final class PostgresWorkQueue implements ClaimDueTasksPort, InFlightTasksPort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String CLAIM_DUE = SQL.locate(PostgresWorkQueue.class, "claim-due");
    private static final String RENEW = SQL.locate(PostgresWorkQueue.class, "renew");
    private static final String RELEASE = SQL.locate(PostgresWorkQueue.class, "release");
    private static final String RELEASE_ALL = SQL.locate(PostgresWorkQueue.class, "release-all");
    private static final String IN_FLIGHT = SQL.locate(PostgresWorkQueue.class, "in-flight");
    private static final String IN_FLIGHT_SUBMITTED_BEFORE = SQL.locate(PostgresWorkQueue.class, "in-flight-submitted-before");
    private static final String FIND_IN_FLIGHT = SQL.locate(PostgresWorkQueue.class, "find-in-flight");
    private static final String DEFER_POLLS = SQL.locate(PostgresWorkQueue.class, "defer-polls");

    private final Database db;

    PostgresWorkQueue(Database db) {
        this.db = db;
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
        return sorted.stream().map(r -> new ClaimedTask(r.task().toDomain(), r.failures())).toList();
    }

    @Override
    public boolean renew(VideoId id, long version, String worker, Instant until) {
        return db.call(h -> h.createUpdate(RENEW)
                .bind("videoId", id.value())
                .bind("version", version)
                .bind("worker", worker)
                .bind("until", Micros.truncate(until))
                .execute()) == 1;
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
    public InFlight inFlight(String provider) {
        return db.call(h -> h.createQuery(IN_FLIGHT)
                .bind("provider", provider)
                .map((rs, ctx) -> new InFlight(rs.getLong("n"),
                        Optional.ofNullable(rs.getObject("oldest", OffsetDateTime.class)).map(OffsetDateTime::toInstant)))
                .one());
    }

    @Override
    public List<VideoTask> findInFlight(String provider, Collection<ExternalTaskId> externalIds) {
        if (externalIds.isEmpty()) return List.of();
        String[] ids = externalIds.stream().map(ExternalTaskId::value).distinct().toArray(String[]::new);
        return db.call(h -> PostgresTaskQueries.tasks(h.createQuery(FIND_IN_FLIGHT).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("provider", provider)
                .bind("ids", ids)));
    }

    @Override
    public List<VideoTask> inFlightSubmittedBefore(String provider, Instant submittedBefore, int limit) {
        if (limit < 1) return List.of();
        return db.call(h -> PostgresTaskQueries.tasks(h.createQuery(IN_FLIGHT_SUBMITTED_BEFORE).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("provider", provider)
                .bind("before", Micros.truncate(submittedBefore))
                .bind("limit", limit)));
    }

    @Override
    public int deferPolls(String provider, Collection<ExternalTaskId> externalIds, Instant until, Instant ifBefore) {
        if (externalIds.isEmpty()) return 0;
        String[] ids = externalIds.stream().map(ExternalTaskId::value).distinct().toArray(String[]::new);
        return db.call(h -> h.createUpdate(DEFER_POLLS).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("provider", provider)
                .bind("ids", ids)
                .bind("until", Micros.truncate(until))
                .bind("ifBefore", Micros.truncate(ifBefore))
                .execute());
    }
}
