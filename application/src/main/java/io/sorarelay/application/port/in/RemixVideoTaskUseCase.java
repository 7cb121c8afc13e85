package io.sorarelay.application.port.in;

import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.credit.KeyBudget;
import io.sorarelay.domain.VideoId;

import java.util.Optional;

/** A new task that remixes one of the caller's COMPLETED tasks. */
public interface RemixVideoTaskUseCase {
    /** @param budget the caller's API key budget, when it created with a key that has a credit limit */
    record RemixVideoTaskCommand(UserId owner, VideoId original, Prompt prompt, Optional<String> model,
                                 Optional<ClientRequestId> clientRequestId, Optional<KeyBudget> budget) {
        public RemixVideoTaskCommand(UserId owner, VideoId original, Prompt prompt, Optional<String> model,
                                     Optional<ClientRequestId> clientRequestId) {
            this(owner, original, prompt, model, clientRequestId, Optional.empty());
        }
    }

    Outcome<CreatedTask> remix(RemixVideoTaskCommand command);
}
