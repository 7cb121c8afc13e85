package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ResultArchivePort;
import io.sorarelay.domain.VideoId;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The archive's work queue in {@code result_archives} (V12): claims with {@code FOR UPDATE SKIP LOCKED}, every
 * change after a claim guarded by {@code lease_owner}, so a worker whose lease was taken over changes nothing.
 */
final class PostgresResultArchives implements ResultArchivePort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String START = SQL.locate(PostgresResultArchives.class, "start");
    private static final String CLAIM = SQL.locate(PostgresResultArchives.class, "claim");
    private static final String RENEW = SQL.locate(PostgresResultArchives.class, "renew");
    private static final String ARCHIVED = SQL.locate(PostgresResultArchives.class, "archived");
    private static final String FAILED = SQL.locate(PostgresResultArchives.class, "failed");
    private static final String FIND = SQL.locate(PostgresResultArchives.class, "find");
    private static final String EXPIRING = SQL.locate(PostgresResultArchives.class, "expiring");
    private static final String EXPIRED = SQL.locate(PostgresResultArchives.class, "expired");

    private final Database db;

    PostgresResultArchives(Database db) {
        this.db = db;
    }

    @Override
    public List<VideoId> claim(String worker, Instant now, Duration lease, Instant completedSince, int limit) {
        if (limit < 1) return List.of();
        Instant at = Micros.truncate(now);
        db.run(h -> h.createUpdate(START).bind("now", at).bind("completedSince", Micros.truncate(completedSince)).bind("limit", limit).execute());
        return db.call(h -> h.createQuery(CLAIM).bind("worker", worker).bind("now", at).bind("until", Micros.truncate(now.plus(lease)))
                .bind("limit", limit).map((rs, ctx) -> new VideoId(rs.getString("video_id"))).list());
    }

    @Override
    public boolean renew(VideoId id, String worker, Instant until) {
        return db.call(h -> h.createUpdate(RENEW).bind("id", id.value()).bind("worker", worker).bind("until", Micros.truncate(until)).execute()) > 0;
    }

    @Override
    public boolean archived(VideoId id, String worker, ResultFile video, Optional<ResultFile> thumbnail, Instant at, Instant expiresAt) {
        return db.call(h -> {
            Update u = h.createUpdate(ARCHIVED).bind("id", id.value()).bind("worker", worker)
                    .bind("videoKey", video.key()).bind("videoType", video.contentType()).bind("videoSize", video.size())
                    .bind("videoSha256", video.sha256()).bind("at", Micros.truncate(at)).bind("expiresAt", Micros.truncate(expiresAt));
            if (thumbnail.isPresent()) {
                ResultFile t = thumbnail.get();
                u.bind("thumbnailKey", t.key()).bind("thumbnailType", t.contentType()).bind("thumbnailSize", t.size())
                        .bind("thumbnailSha256", t.sha256());
            } else {
                u.bindNull("thumbnailKey", Types.VARCHAR).bindNull("thumbnailType", Types.VARCHAR).bindNull("thumbnailSize", Types.BIGINT)
                        .bindNull("thumbnailSha256", Types.VARCHAR);
            }
            return u.execute();
        }) > 0;
    }

    @Override
    public boolean failed(VideoId id, String worker, String reason, Instant retryAt, boolean giveUp) {
        return db.call(h -> h.createUpdate(FAILED).bind("id", id.value()).bind("worker", worker).bind("reason", reason)
                .bind("retryAt", Micros.truncate(retryAt)).bind("giveUp", giveUp).execute()) > 0;
    }

    @Override
    public Optional<ResultRecord> find(VideoId id) {
        return db.call(h -> h.createQuery(FIND).bind("id", id.value()).map((rs, ctx) -> record(rs)).findOne());
    }

    @Override
    public List<ResultRecord> expiring(Instant now, int limit) {
        if (limit < 1) return List.of();
        return db.call(h -> h.createQuery(EXPIRING).bind("now", Micros.truncate(now)).bind("limit", limit).map((rs, ctx) -> record(rs)).list());
    }

    @Override
    public boolean expired(VideoId id, Instant at) {
        return db.call(h -> h.createUpdate(EXPIRED).bind("id", id.value()).bind("at", Micros.truncate(at)).execute()) > 0;
    }

    private static ResultRecord record(ResultSet rs) throws SQLException {
        return new ResultRecord(new VideoId(rs.getString("video_id")), State.valueOf(rs.getString("state")), rs.getInt("attempts"),
                file(rs, "video"), file(rs, "thumbnail"), instant(rs, "archived_at"), instant(rs, "expires_at"),
                Optional.ofNullable(rs.getString("last_error")));
    }

    private static Optional<ResultFile> file(ResultSet rs, String prefix) throws SQLException {
        String key = rs.getString(prefix + "_key");
        if (key == null) return Optional.empty();
        return Optional.of(new ResultFile(key, rs.getString(prefix + "_type"), rs.getLong(prefix + "_size"), rs.getString(prefix + "_sha256")));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
