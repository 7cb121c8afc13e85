package io.sorarelay.adapter.postgres;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.ReferenceImage;
import io.sorarelay.domain.RequestFingerprint;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.TaskState;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.TaskType;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;

import org.jdbi.v3.core.statement.SqlStatement;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code video_tasks} row as the task's columns (the engine's schedule and lease columns are
 * not part of the aggregate). Read by constructor; written by {@link #bindTo}, which binds
 * every column as the named parameter of the same name ({@code :videoId}, {@code :createdAt}, ...).
 */
record VideoTaskRow(
        String videoId,
        String owner,
        String clientRequestId,
        String externalTaskId,
        String provider,
        String type,
        String remixedFrom,
        String remixedFromExternal,
        String retryOf,
        String prompt,
        String model,
        String seconds,
        String size,
        String referenceSha256,
        String referenceMediaType,
        Long referenceSize,
        String negativePrompt,
        boolean progressEstimated,
        String fingerprint,
        String status,
        int progress,
        String errorCode,
        String errorMessage,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        Instant failedAt,
        Instant cancelledAt,
        Instant submittedAt,
        Instant progressAt,
        Instant deadlineAt,
        long version,
        String channel,
        long cost) {

    /**
     * How many columns a new task can have set (a new task is QUEUED at version 0, with no upstream id, no result and
     * no error yet): the create statement ({@code TaskStatements/create.sql}) lists these and leaves the rest to their
     * NULL defaults, which keeps the hottest statement small.
     */
    static final int NEW_TASK_COLUMN_COUNT = 26;

    /**
     * Sets the new task's columns, in the order {@code create.sql} lists them, as parameters 1 to
     * {@link #NEW_TASK_COLUMN_COUNT}; the row must be a new task's.
     */
    void setNewTask(PreparedStatement ps) throws SQLException {
        if (version != 0 || externalTaskId != null || channel != null || submittedAt != null || errorCode != null || completedAt != null
                || failedAt != null || cancelledAt != null)
            throw new IllegalArgumentException("not a new task: " + videoId);
        int i = 0;
        ps.setString(++i, videoId);
        ps.setString(++i, owner);
        ps.setString(++i, clientRequestId);
        ps.setString(++i, provider);
        ps.setString(++i, type);
        ps.setString(++i, remixedFrom);
        ps.setString(++i, remixedFromExternal);
        ps.setString(++i, retryOf);
        ps.setString(++i, prompt);
        ps.setString(++i, model);
        ps.setString(++i, seconds);
        ps.setString(++i, size);
        ps.setString(++i, referenceSha256);
        ps.setString(++i, referenceMediaType);
        ps.setObject(++i, referenceSize, Types.BIGINT);
        ps.setString(++i, fingerprint);
        ps.setString(++i, status);
        ps.setInt(++i, progress);
        setInstant(ps, ++i, createdAt);
        setInstant(ps, ++i, updatedAt);
        setInstant(ps, ++i, progressAt);
        setInstant(ps, ++i, deadlineAt);
        ps.setLong(++i, version);
        ps.setLong(++i, cost);
        ps.setString(++i, negativePrompt);
        ps.setBoolean(++i, progressEstimated);
        if (i != NEW_TASK_COLUMN_COUNT) throw new IllegalStateException("create.sql's column count and setNewTask disagree");
    }

    /** An instant as timestamptz (UTC), never through the JVM's time zone; NULL when absent. */
    static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(index, Micros.utc(at));
    }

    /** Binds every column's parameter, by name, typed (so NULLs are typed too). */
    <S extends SqlStatement<S>> S bindTo(S s) {
        return s.bind("videoId", videoId).bind("owner", owner).bind("clientRequestId", clientRequestId)
                .bind("externalTaskId", externalTaskId).bind("provider", provider).bind("type", type)
                .bind("remixedFrom", remixedFrom).bind("remixedFromExternal", remixedFromExternal).bind("retryOf", retryOf)
                .bind("prompt", prompt).bind("model", model).bind("seconds", seconds).bind("size", size)
                .bind("referenceSha256", referenceSha256).bind("referenceMediaType", referenceMediaType)
                .bind("referenceSize", referenceSize).bind("negativePrompt", negativePrompt)
                .bind("progressEstimated", progressEstimated).bind("fingerprint", fingerprint).bind("status", status)
                .bind("progress", progress).bind("errorCode", errorCode).bind("errorMessage", errorMessage)
                .bindByType("createdAt", createdAt, Instant.class).bindByType("updatedAt", updatedAt, Instant.class)
                .bindByType("completedAt", completedAt, Instant.class).bindByType("failedAt", failedAt, Instant.class)
                .bindByType("cancelledAt", cancelledAt, Instant.class).bindByType("submittedAt", submittedAt, Instant.class)
                .bindByType("progressAt", progressAt, Instant.class).bindByType("deadlineAt", deadlineAt, Instant.class)
                .bind("version", version).bind("channel", channel).bind("cost", cost);
    }

    static VideoTaskRow from(VideoTask t) {
        TaskRequest r = t.request();
        Lineage l = r.lineage();
        Optional<ReferenceImage> image = r.referenceImage();
        TaskError error = t.state() instanceof TaskState.Failed f ? f.error() : null;
        return new VideoTaskRow(
                t.id().value(), t.owner().value(),
                t.clientRequestId().map(ClientRequestId::value).orElse(null),
                t.externalTaskId().map(ExternalTaskId::value).orElse(null),
                r.provider(), l.type().wireName(),
                l.remixedFrom().map(VideoId::value).orElse(null),
                l.remixedFromExternal().map(ExternalTaskId::value).orElse(null),
                l.retryOf().map(VideoId::value).orElse(null),
                r.prompt().value(), r.spec().model(), r.spec().seconds(), r.spec().size(),
                image.map(ReferenceImage::sha256).orElse(null),
                image.map(ReferenceImage::mediaType).orElse(null),
                image.map(ReferenceImage::sizeBytes).orElse(null),
                r.negativePrompt().orElse(null), r.progressEstimated(),
                t.fingerprint().value(), t.status().name(), t.progress(),
                error == null ? null : error.code(), error == null ? null : error.message(),
                t.createdAt(), t.updatedAt(),
                t.state() instanceof TaskState.Completed c ? c.completedAt() : null,
                t.state() instanceof TaskState.Failed f ? f.failedAt() : null,
                t.state() instanceof TaskState.Cancelled c ? c.cancelledAt() : null,
                t.submittedAt().orElse(null), t.progressAt(), t.deadlineAt(), t.version(),
                t.channel().map(ChannelId::value).orElse(null), t.cost().value());
    }

    VideoTask toDomain() {
        UserId ownerId = new UserId(owner);
        Lineage lineage = new Lineage(TaskType.valueOf(type.toUpperCase(Locale.ROOT)),
                Optional.ofNullable(remixedFrom).map(VideoId::new),
                Optional.ofNullable(remixedFromExternal).map(ExternalTaskId::new),
                Optional.ofNullable(retryOf).map(VideoId::new));
        Optional<ReferenceImage> image = referenceSha256 == null ? Optional.empty()
                : Optional.of(new ReferenceImage(referenceSha256, referenceMediaType, referenceSize));
        TaskRequest request = new TaskRequest(ownerId, new Prompt(prompt), new VideoSpec(model, seconds, size), provider,
                image, lineage, Optional.ofNullable(negativePrompt), progressEstimated);
        return new VideoTask(new VideoId(videoId), ownerId,
                Optional.ofNullable(clientRequestId).map(ClientRequestId::new),
                Optional.ofNullable(externalTaskId).map(ExternalTaskId::new),
                Optional.ofNullable(channel).map(ChannelId::new),
                request, new RequestFingerprint(fingerprint), state(), progress, createdAt, updatedAt,
                Optional.ofNullable(submittedAt), progressAt, deadlineAt, version, Credits.of(cost));
    }

    private TaskState state() {
        return switch (TaskStatus.valueOf(status)) {
            case QUEUED -> new TaskState.Queued();
            case PROCESSING -> new TaskState.Processing();
            case COMPLETED -> new TaskState.Completed(completedAt);
            case FAILED -> new TaskState.Failed(new TaskError(errorCode, errorMessage), failedAt);
            case CANCELLED -> new TaskState.Cancelled(cancelledAt);
        };
    }
}
