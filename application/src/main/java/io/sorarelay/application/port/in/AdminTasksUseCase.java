package io.sorarelay.application.port.in;

import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Every user's tasks for an admin: filtered pages, and failing a stuck task. */
public interface AdminTasksUseCase {

    /** Filters that are all optional; {@code createdBefore} finds old (e.g. stuck) tasks. A task's channel before the submit is its provider's. */
    record Filter(Optional<TaskStatus> status, Optional<UserId> owner, Optional<String> model, Optional<String> channel,
                  Optional<Instant> createdBefore, int offset, int limit) {
        public Filter {
            Objects.requireNonNull(status); Objects.requireNonNull(owner); Objects.requireNonNull(model);
            Objects.requireNonNull(channel); Objects.requireNonNull(createdBefore);
            if (limit < 1) throw new IllegalArgumentException("limit must be positive");
            if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        }
    }

    /** Newest first. */
    List<VideoTask> list(Filter filter);

    /**
     * Fails an unfinished task with {@code failed_by_admin} and the admin's reason, through the same fenced write as
     * any other transition (so whatever settles on FAILED settles here too); audited. {@link Problem.NotFound} for an
     * unknown task, {@link Problem.Conflict} ({@code task_already_terminal}) for a finished one, {@link Problem.Invalid}
     * for a blank reason.
     */
    Outcome<VideoTask> forceFail(UserId actor, VideoId task, String reason);
}
