package io.sorarelay.application.port.in;

/**
 * Copies COMPLETED tasks' videos and thumbnails from their upstream into the results store, and deletes results past
 * their retention. Any node may run it at any time: the archive's leases make one node copy each task.
 */
public interface ArchiveResultsUseCase {
    /** What one round did: tasks leased, copied, and given back for a later attempt (or given up). */
    record Report(int claimed, int archived, int failed) {}

    /** Leases at most {@code limit} due tasks to {@code worker} and copies each. */
    Report archiveDue(String worker, int limit);

    /** Deletes at most {@code limit} results whose retention has passed; answers how many. */
    int expireDue(int limit);
}
