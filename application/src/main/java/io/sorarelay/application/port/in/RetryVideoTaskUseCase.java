package io.sorarelay.application.port.in;

import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;

import java.util.Optional;

/** A new task that repeats one of the caller's FAILED or CANCELLED tasks. */
public interface RetryVideoTaskUseCase {
    record RetryVideoTaskCommand(UserId owner, VideoId original, Optional<ClientRequestId> clientRequestId) {}

    Outcome<CreatedTask> retry(RetryVideoTaskCommand command);
}
