package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** One of the caller's tasks, and its content. */
public interface GetVideoTaskUseCase {

    /** Which file of a finished task. */
    enum ContentVariant { VIDEO, THUMBNAIL, SPRITESHEET }

    /**
     * A download in progress; the caller closes it. {@code status} is 200, 206 (a range) or 416 (a range past the end:
     * no body, and {@code contentRange} <code>bytes &#42;/N</code> when the upstream said the length).
     */
    record VideoContent(int status, String contentType, OptionalLong contentLength, Optional<String> contentRange,
                        InputStream body) implements AutoCloseable {
        public VideoContent {
            Objects.requireNonNull(contentType); Objects.requireNonNull(contentLength); Objects.requireNonNull(contentRange);
            Objects.requireNonNull(body);
        }

        @Override public void close() {
            try { body.close(); } catch (IOException ignored) { /* nothing left to read */ }
        }
    }

    Outcome<VideoTask> get(UserId owner, VideoId videoId);

    /** The task if it is COMPLETED (its content can be fetched); 409 {@code task_not_completed} otherwise. */
    Outcome<VideoTask> completed(UserId owner, VideoId videoId);

    /** Streams a COMPLETED task's content through us (409 {@code task_not_completed} otherwise). */
    Outcome<VideoContent> content(UserId owner, VideoId videoId, ContentVariant variant, Optional<String> range);
}
