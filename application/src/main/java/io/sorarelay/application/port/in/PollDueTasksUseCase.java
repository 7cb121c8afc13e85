package io.sorarelay.application.port.in;

/**
 * The engine's step: claim due tasks and do their work (submit queued ones upstream, poll
 * running ones, cancel cancelled ones upstream, expire overdue ones). Called in a loop by each node.
 */
public interface PollDueTasksUseCase {
    record Report(int claimed, int submitted, int polled, int changed, int cancelledUpstream, int failedCalls, int conflicts) {
        public static final Report EMPTY = new Report(0, 0, 0, 0, 0, 0, 0);
    }

    /** One pass over at most {@code batchSize} due tasks, with this node's worker id. */
    Report pollDue(String worker, int batchSize);
}
