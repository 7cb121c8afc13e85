package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ListVideoTasksPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads tasks: by id, by key, by upstream id, and an owner's pages and counts. Statements in
 * {@code PostgresTaskQueries/*.sql}. Concurrent lookups by upstream id (a burst of webhooks, each request looking up
 * its own job) share one statement ({@link GroupCommit}), so a burst holds a few pooled connections, not one per
 * request.
 */
final class PostgresTaskQueries implements LoadVideoTaskPort, ListVideoTasksPort {
    /** Batches of lookups by upstream id at once, and the most lookups in one. */
    static final int LOOKUP_LANES = 4;
    static final int LOOKUP_BATCH = 200;

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String FIND_BY_ID = SQL.locate(PostgresTaskQueries.class, "find-by-id");
    private static final String FIND_BY_CLIENT_REQUEST_ID = SQL.locate(PostgresTaskQueries.class, "find-by-client-request-id");
    private static final String FIND_BY_CLIENT_REQUEST_IDS = SQL.locate(PostgresTaskQueries.class, "find-by-client-request-ids");
    private static final String FIND_BY_IDS = SQL.locate(PostgresTaskQueries.class, "find-by-ids");
    private static final String FIND_BY_EXTERNAL_ID = SQL.locate(PostgresTaskQueries.class, "find-by-external-id");
    private static final String FIND_BY_EXTERNAL_IDS = SQL.locate(PostgresTaskQueries.class, "find-by-external-ids");
    private static final String LIST_NEWEST_FIRST = SQL.locate(PostgresTaskQueries.class, "list-newest-first");
    private static final String LIST_OLDEST_FIRST = SQL.locate(PostgresTaskQueries.class, "list-oldest-first");
    private static final String COUNT_BY_STATUS = SQL.locate(PostgresTaskQueries.class, "count-by-status");
    private static final String COUNT_IN_FLIGHT = SQL.locate(PostgresTaskQueries.class, "count-in-flight");

    private record Job(String provider, String externalTaskId) {}

    private final Database db;
    private final GroupCommit<Job, Optional<VideoTask>> lookups;

    PostgresTaskQueries(Database db, BatchMetrics metrics) {
        this.db = db;
        this.lookups = new GroupCommit<>(LOOKUP_LANES, LOOKUP_BATCH, this::findByExternalIds, metrics.observer("lookup"));
    }

    // ---- LoadVideoTaskPort --------------------------------------------------------------------

    @Override
    public Optional<VideoTask> findById(VideoId id) {
        return db.call(h -> findById(h, id));
    }

    @Override
    public Optional<VideoTask> findByClientRequestId(UserId owner, ClientRequestId clientRequestId) {
        return db.call(h -> findByClientRequestId(h, owner, clientRequestId));
    }

    @Override
    public List<VideoTask> findByClientRequestIds(UserId owner, Collection<ClientRequestId> clientRequestIds) {
        if (clientRequestIds.isEmpty()) return List.of();
        String[] ids = clientRequestIds.stream().map(ClientRequestId::value).distinct().toArray(String[]::new);
        return db.call(h -> tasks(h.createQuery(FIND_BY_CLIENT_REQUEST_IDS).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("owner", owner.value())
                .bind("ids", ids)));
    }

    @Override
    public List<VideoTask> findByIds(UserId owner, Collection<VideoId> ids) {
        if (ids.isEmpty()) return List.of();
        String[] values = ids.stream().map(VideoId::value).distinct().toArray(String[]::new);
        return db.call(h -> tasks(h.createQuery(FIND_BY_IDS).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("owner", owner.value())
                .bind("ids", values)));
    }

    @Override
    public Optional<VideoTask> findByExternalId(String provider, ExternalTaskId externalId) {
        return lookups.submit(new Job(provider, externalId.value()));
    }

    /** Lookups waiting for a lane (for tests). */
    int queuedLookups() {
        return lookups.queued();
    }

    /** Alone, the single lookup; together, one statement for the batch (a job asked for twice gets the same answer). */
    private List<Optional<VideoTask>> findByExternalIds(List<Job> jobs) {
        if (jobs.size() == 1) {
            Job job = jobs.getFirst();
            Optional<VideoTask> found = db.call(h -> task(h.createQuery(FIND_BY_EXTERNAL_ID)
                    .bind("provider", job.provider())
                    .bind("externalTaskId", job.externalTaskId())));
            return List.of(found);
        }
        String[] providers = jobs.stream().map(Job::provider).toArray(String[]::new);
        String[] ids = jobs.stream().map(Job::externalTaskId).toArray(String[]::new);
        Map<Job, VideoTask> found = new HashMap<>();
        for (VideoTask t : db.call(h -> tasks(h.createQuery(FIND_BY_EXTERNAL_IDS).addCustomizer(Database.PLAN_EACH_TIME)
                .bind("providers", providers)
                .bind("externalTaskIds", ids))))
            found.put(new Job(t.request().provider(), t.externalTaskId().orElseThrow().value()), t);
        return jobs.stream().map(j -> Optional.ofNullable(found.get(j))).toList();
    }

    /**
     * The stored task a create of {@code task} ran into: the owner's task with the same client request id, else the
     * task with the same video id. One connection for both reads.
     */
    Optional<VideoTask> existing(VideoTask task) {
        return db.call(h -> {
            Optional<VideoTask> found = task.clientRequestId().isPresent()
                    ? findByClientRequestId(h, task.owner(), task.clientRequestId().get())
                    : Optional.empty();
            return found.isPresent() ? found : findById(h, task.id());
        });
    }

    private static Optional<VideoTask> findById(Handle h, VideoId id) {
        return task(h.createQuery(FIND_BY_ID).bind("videoId", id.value()));
    }

    private static Optional<VideoTask> findByClientRequestId(Handle h, UserId owner, ClientRequestId clientRequestId) {
        return task(h.createQuery(FIND_BY_CLIENT_REQUEST_ID)
                .bind("owner", owner.value())
                .bind("clientRequestId", clientRequestId.value()));
    }

    // ---- ListVideoTasksPort -------------------------------------------------------------------

    /**
     * One statement per direction; the optional status and cursor are NULL when absent, and planned away (see the
     * statements' comment), so every page walks the listing index.
     */
    @Override
    public List<VideoTask> list(ListVideoTasksPort.Query q) {
        return db.call(h -> tasks(h.createQuery(q.newestFirst() ? LIST_NEWEST_FIRST : LIST_OLDEST_FIRST)
                .addCustomizer(Database.PLAN_EACH_TIME)
                .bind("owner", q.owner().value())
                .bindByType("status", q.status().map(TaskStatus::name).orElse(null), String.class)
                .bindByType("afterCreatedAt", q.after().map(c -> c.createdAt()).orElse(null), Instant.class)
                .bindByType("afterVideoId", q.after().map(c -> c.videoId().value()).orElse(null), String.class)
                .bind("offset", q.offset())
                .bind("limit", q.limit())));
    }

    @Override
    public Map<TaskStatus, Long> countByStatus(UserId owner) {
        return db.call(h -> {
            Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
            for (TaskStatus s : TaskStatus.values()) counts.put(s, 0L);
            h.createQuery(COUNT_BY_STATUS)
                    .bind("owner", owner.value())
                    .map((rs, ctx) -> Map.entry(TaskStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            return counts;
        });
    }

    @Override
    public long countInFlight(UserId owner) {
        return db.call(h -> h.createQuery(COUNT_IN_FLIGHT).bind("owner", owner.value()).mapTo(Long.class).one());
    }

    // ---- mapping (the JDBI query; ListVideoTasksPort.Query is the port's) ---------------------------

    static Optional<VideoTask> task(org.jdbi.v3.core.statement.Query query) {
        return query.mapTo(VideoTaskRow.class).findOne().map(VideoTaskRow::toDomain);
    }

    static List<VideoTask> tasks(org.jdbi.v3.core.statement.Query query) {
        return query.mapTo(VideoTaskRow.class).stream().map(VideoTaskRow::toDomain).toList();
    }
}
