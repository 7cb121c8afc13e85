package io.sorarelay.application.port.out;

import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The owner's tasks, ordered by (createdAt, videoId), filtered by status. */
public interface ListVideoTasksPort {

    /** Position after which a page starts: the last (createdAt, videoId) of the previous page. */
    record Cursor(Instant createdAt, VideoId videoId) {
        public Cursor { Objects.requireNonNull(createdAt); Objects.requireNonNull(videoId); }
    }

    /**
     * @param after  keyset position (exclusive) in the given order; empty = from the start
     * @param offset rows to skip after {@code after} (the original's page/pageSize); 0 with cursors
     * @param newestFirst descending (createdAt, videoId) when true
     */
    record Query(UserId owner, Optional<TaskStatus> status, Optional<Cursor> after, int offset, int limit, boolean newestFirst) {
        public Query {
            Objects.requireNonNull(owner); Objects.requireNonNull(status); Objects.requireNonNull(after);
            if (limit < 1) throw new IllegalArgumentException("limit must be positive");
            if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        }
    }

    List<VideoTask> list(Query query);

    /** How many of the owner's tasks have each status (missing statuses count zero). */
    Map<TaskStatus, Long> countByStatus(UserId owner);

    /**
     * How many of the owner's tasks are unfinished (QUEUED or PROCESSING): the in-flight cap's
     * question, asked on every create, so it must not cost a pass over the owner's whole history.
     */
    long countInFlight(UserId owner);
}
