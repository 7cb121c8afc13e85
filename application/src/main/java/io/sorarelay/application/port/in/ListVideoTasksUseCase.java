package io.sorarelay.application.port.in;

import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The caller's tasks, newest first, by cursor or by page; and counts by status. */
public interface ListVideoTasksUseCase {
    /**
     * Either {@code cursor} (opaque, from a previous page) or {@code page} (1-based, with total);
     * {@code newestFirst} is the default order.
     */
    record ListVideoTasksQuery(UserId owner, Optional<TaskStatus> status, int limit, Optional<String> cursor,
                               Optional<Integer> page, boolean newestFirst) {}

    /** {@code total} is present for page queries. */
    record TaskPage(List<VideoTask> tasks, Optional<String> nextCursor, OptionalLong total) {}

    Outcome<TaskPage> list(ListVideoTasksQuery query);

    /**
     * The page that follows one of the owner's tasks in the given order (OpenAI's {@code after}: a task id rather than
     * an opaque cursor); {@code after} empty starts at the beginning. An id that is not one of the owner's tasks is a
     * 400 naming {@code after}.
     */
    Outcome<TaskPage> listAfter(UserId owner, Optional<VideoId> after, int limit, boolean newestFirst);

    Map<TaskStatus, Long> stats(UserId owner);
}
