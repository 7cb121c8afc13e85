package io.sorarelay.application.port.in;

import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;

import java.util.Optional;

/** A new task that remixes one of the caller's COMPLETED tasks. */
public interface RemixVideoTaskUseCase {
    record RemixVideoTaskCommand(UserId owner, VideoId original, Prompt prompt, Optional<String> model,
                                 Optional<ClientRequestId> clientRequestId) {}

    Outcome<CreatedTask> remix(RemixVideoTaskCommand command);
}
