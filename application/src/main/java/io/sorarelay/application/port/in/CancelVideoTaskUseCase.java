package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

/** Cancels one of the caller's unfinished tasks; the upstream job is cancelled by the engine, durably. */
public interface CancelVideoTaskUseCase {
    record CancelVideoTaskCommand(UserId owner, VideoId videoId) {}

    Outcome<VideoTask> cancel(CancelVideoTaskCommand command);
}
