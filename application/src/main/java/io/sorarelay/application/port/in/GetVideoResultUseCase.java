package io.sorarelay.application.port.in;

import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.VideoContent;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Where a finished task's result is kept, and signed links that play it without credentials (docs/results.md). */
public interface GetVideoResultUseCase {
    /**
     * {@code PENDING}: still served from the upstream, copy not done yet; {@code ARCHIVED}: served from our store until
     * {@code expiresAt}; {@code EXPIRED}: deleted by retention; {@code FAILED}: the copy was given up, served from the
     * upstream while it still has it.
     */
    enum ResultState { PENDING, ARCHIVED, FAILED, EXPIRED }

    record ResultView(ResultState state, Optional<Instant> expiresAt) {
        public ResultView { Objects.requireNonNull(state); Objects.requireNonNull(expiresAt); }
    }

    /** A link relative to the server ({@code /api/video/results/...?expires=&sig=}) valid until {@code expiresAt}. */
    record SignedLink(String path, Instant expiresAt) {
        public SignedLink { Objects.requireNonNull(path); Objects.requireNonNull(expiresAt); }
    }

    /** The result of a COMPLETED task; empty for any other task (or when results are not kept). */
    Optional<ResultView> result(VideoId id);

    /**
     * When the task's content stops being served (OpenAI's {@code expires_at}): an archived result's retention end
     * (also once retention has deleted it); while the copy is still due, the earliest it can end (completed at plus the
     * retention). Empty for a task not COMPLETED, a copy given up, or results not kept: the content is then the
     * upstream's, and when the upstream's link expires is not recorded.
     */
    Optional<Instant> contentExpiresAt(VideoTask task);

    /** A signed link to the caller's COMPLETED task's content; 409 {@code task_not_completed} otherwise. */
    Outcome<SignedLink> link(UserId owner, VideoId id, ContentVariant variant);

    /**
     * The content a signed link names, from the store when archived, else from the upstream. A signature that does not
     * match, or a link past its time, is 401 {@code link_invalid} / {@code link_expired}.
     */
    Outcome<VideoContent> openLink(VideoId id, ContentVariant variant, String expires, String signature, Optional<String> range);
}
