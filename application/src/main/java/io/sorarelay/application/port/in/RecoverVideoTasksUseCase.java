package io.sorarelay.application.port.in;

import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;

import java.util.List;

/** Lets a restarted client re-attach its local tasks by their client request ids. */
public interface RecoverVideoTasksUseCase {
    int MAX_IDS = 100;

    record RecoverCommand(UserId owner, List<ClientRequestId> clientRequestIds) {}

    record Recovered(List<VideoTask> tasks, List<ClientRequestId> missing) {}

    Outcome<Recovered> recover(RecoverCommand command);
}
