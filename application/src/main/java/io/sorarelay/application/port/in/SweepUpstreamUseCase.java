package io.sorarelay.application.port.in;

/**
 * The engine's upstream sweep: for one channel that lists jobs, check the in-flight tasks whose job it holds with one
 * listing call per page (newest first) instead of one retrieve per task, and hold their individual polls back while
 * the sweep keeps seeing them. Called every few seconds per channel by one node at a time.
 */
public interface SweepUpstreamUseCase {
    /**
     * @param swept     false when the sweep did not run (channel cannot list, or too few tasks in flight to pay)
     * @param listCalls listing calls made (each one page)
     * @param matched   listed jobs that belong to an in-flight task
     * @param changed   task changes written (each with exactly one event)
     * @param deferred  tasks whose individual poll was moved later
     * @param retrieved stragglers the listing did not reach, retrieved one by one
     */
    record Report(boolean swept, long inFlight, int listCalls, int listed, int matched, int changed, int deferred, int failedCalls,
                  int retrieved) {
        public static Report skipped(long inFlight) { return new Report(false, inFlight, 0, 0, 0, 0, 0, 0, 0); }
    }

    /** @param channel a channel id of the registry ({@link io.sorarelay.application.port.out.VideoProviderRegistry#listing}) */
    Report sweep(String channel);
}
