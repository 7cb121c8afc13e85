package io.sorarelay.application.port.in;

import io.sorarelay.application.port.out.AdminTasksPort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.util.List;

/** Every user's tasks for an admin: filtered pages, and failing a stuck task. */
public interface AdminTasksUseCase {

    List<VideoTask> list(AdminTasksPort.Query query);

    /**
     * Fails an unfinished task with {@code failed_by_admin} and the admin's reason, through the same fenced write as
     * any other transition (so whatever settles on FAILED settles here too); audited. {@link Problem.NotFound} for an
     * unknown task, {@link Problem.Conflict} ({@code task_already_terminal}) for a finished one, {@link Problem.Invalid}
     * for a blank reason.
     */
    Outcome<VideoTask> forceFail(UserId actor, VideoId task, String reason);
}
