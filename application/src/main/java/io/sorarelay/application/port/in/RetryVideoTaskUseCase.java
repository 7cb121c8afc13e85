package io.sorarelay.application.port.in;

import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.credit.KeyBudget;
import io.sorarelay.domain.VideoId;

import java.util.Optional;

/** A new task that repeats one of the caller's FAILED or CANCELLED tasks. */
public interface RetryVideoTaskUseCase {
    /** @param budget the caller's API key budget, when it created with a key that has a credit limit */
    record RetryVideoTaskCommand(UserId owner, VideoId original, Optional<ClientRequestId> clientRequestId, Optional<KeyBudget> budget) {
        public RetryVideoTaskCommand(UserId owner, VideoId original, Optional<ClientRequestId> clientRequestId) {
            this(owner, original, clientRequestId, Optional.empty());
        }
    }

    Outcome<CreatedTask> retry(RetryVideoTaskCommand command);
}
