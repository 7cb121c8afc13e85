package io.sorarelay.application.port.out;

import io.sorarelay.domain.VideoId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable record of copying each COMPLETED task's result into the {@link ResultStorePort}: a work queue with a
 * lease, so that any node can take a copy over from a node that died in the middle of it, and one node at a time
 * copies a task. A task gets its record the first time {@link #claim} sees it COMPLETED; nothing is written in the
 * task's own transaction.
 */
public interface ResultArchivePort {
    /** {@code PENDING} until copied; {@code FAILED} after too many attempts; {@code EXPIRED} once retention deleted it. */
    enum State { PENDING, ARCHIVED, FAILED, EXPIRED }

    /** One stored file of a result. */
    record ResultFile(String key, String contentType, long size, String sha256) {
        public ResultFile { Objects.requireNonNull(key); Objects.requireNonNull(contentType); Objects.requireNonNull(sha256); }
    }

    record ResultRecord(VideoId videoId, State state, int attempts, Optional<ResultFile> video, Optional<ResultFile> thumbnail,
                        Optional<Instant> archivedAt, Optional<Instant> expiresAt, Optional<String> lastError) {
        public ResultRecord {
            Objects.requireNonNull(videoId); Objects.requireNonNull(state); Objects.requireNonNull(video);
            Objects.requireNonNull(thumbnail); Objects.requireNonNull(archivedAt); Objects.requireNonNull(expiresAt);
            Objects.requireNonNull(lastError);
        }
    }

    /**
     * Starts a PENDING record for every task COMPLETED after {@code completedSince} that has none, then leases to
     * {@code worker} until {@code now + lease} at most {@code limit} PENDING records that are due (never leased, retry
     * time reached, or lease expired), counting an attempt for each. Two workers never get the same record.
     */
    List<VideoId> claim(String worker, Instant now, Duration lease, Instant completedSince, int limit);

    /** Extends the worker's lease; false when it no longer holds it (expired and taken by another worker). */
    boolean renew(VideoId id, String worker, Instant until);

    /** Marks the result copied, while the worker still holds the lease; false otherwise (nothing changed). */
    boolean archived(VideoId id, String worker, ResultFile video, Optional<ResultFile> thumbnail, Instant at, Instant expiresAt);

    /**
     * Gives the lease back after a failed attempt: due again at {@code retryAt}, or FAILED when {@code giveUp}.
     * False when the worker no longer held it.
     */
    boolean failed(VideoId id, String worker, String reason, Instant retryAt, boolean giveUp);

    Optional<ResultRecord> find(VideoId id);

    /** ARCHIVED records whose {@code expiresAt} is at or before {@code now}, oldest first, at most {@code limit}. */
    List<ResultRecord> expiring(Instant now, int limit);

    /** Marks an ARCHIVED record EXPIRED (its files deleted); false when it was not ARCHIVED. */
    boolean expired(VideoId id, Instant at);

    /** No archive: nothing is ever copied, every result is served from its upstream. */
    ResultArchivePort NONE = new ResultArchivePort() {
        @Override public List<VideoId> claim(String worker, Instant now, Duration lease, Instant completedSince, int limit) { return List.of(); }
        @Override public boolean renew(VideoId id, String worker, Instant until) { return false; }
        @Override public boolean archived(VideoId id, String worker, ResultFile video, Optional<ResultFile> thumbnail, Instant at,
                                          Instant expiresAt) { return false; }
        @Override public boolean failed(VideoId id, String worker, String reason, Instant retryAt, boolean giveUp) { return false; }
        @Override public Optional<ResultRecord> find(VideoId id) { return Optional.empty(); }
        @Override public List<ResultRecord> expiring(Instant now, int limit) { return List.of(); }
        @Override public boolean expired(VideoId id, Instant at) { return false; }
    };
}
