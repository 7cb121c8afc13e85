package io.sorarelay.application.port.in;

import io.sorarelay.domain.HistoryMerge;
import io.sorarelay.domain.UserId;

import java.util.List;

/** Merges a client's local history with the server's (the seed's rule: by id, then by client request id). */
public interface SyncTaskHistoryUseCase {
    int MAX_ENTRIES = 500;

    record SyncCommand(UserId owner, List<HistoryMerge.LocalEntry> localTasks) {}

    Outcome<HistoryMerge.Result> sync(SyncCommand command);
}
