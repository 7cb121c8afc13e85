package io.sorarelay.application.port.in;

import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.util.Optional;

/** One of the caller's tasks, and its content. */
public interface GetVideoTaskUseCase {
    Outcome<VideoTask> get(UserId owner, VideoId videoId);

    /** Streams a COMPLETED task's content through us (409 {@code task_not_completed} otherwise). */
    Outcome<VideoProvider.Content> content(UserId owner, VideoId videoId, VideoProvider.Variant variant, Optional<String> range);
}
