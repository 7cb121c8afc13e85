package io.sorarelay.application.port.out;

import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads tasks by their identities. */
public interface LoadVideoTaskPort {
    Optional<VideoTask> findById(VideoId id);

    Optional<VideoTask> findByClientRequestId(UserId owner, ClientRequestId clientRequestId);

    /** The owner's tasks carrying any of these request ids (at most one per id). */
    List<VideoTask> findByClientRequestIds(UserId owner, Collection<ClientRequestId> clientRequestIds);

    /** The owner's tasks with any of these ids (others' tasks are not returned). */
    List<VideoTask> findByIds(UserId owner, Collection<VideoId> ids);

    /** The task whose upstream job on {@code provider} is {@code externalId}. */
    Optional<VideoTask> findByExternalId(String provider, ExternalTaskId externalId);
}
