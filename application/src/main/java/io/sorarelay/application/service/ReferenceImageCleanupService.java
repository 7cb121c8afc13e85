package io.sorarelay.application.service;

import io.sorarelay.application.port.in.CleanUpReferenceImagesUseCase;
import io.sorarelay.application.port.out.ReferenceImageStorePort;
import io.sorarelay.application.port.out.ReferenceImageStorePort.Deleted;
import io.sorarelay.application.port.out.ReferenceImageStorePort.Usage;
import io.sorarelay.application.port.out.RelayMetricsPort;

import java.time.Instant;
import java.time.InstantSource;

/**
 * Deletes, in bounded batches, the reference images no task may still send: none of their tasks unfinished, none
 * failed or cancelled within the retry window, and not held by a create or retry within the hold period. The rule per
 * task is the domain's ({@code VideoTask.mayStillSendReferenceImage}); the store applies it atomically per image.
 */
final class ReferenceImageCleanupService implements CleanUpReferenceImagesUseCase {
    /** Store calls per cleanup at most; what is left waits for the next one. */
    static final int MAX_CALLS = 50;

    private final ReferenceImageStorePort images;
    private final InstantSource clock;
    private final ReferenceImageSettings settings;
    private final RelayMetricsPort metrics;

    ReferenceImageCleanupService(ReferenceImageStorePort images, InstantSource clock, ReferenceImageSettings settings,
                                 RelayMetricsPort metrics) {
        this.images = images;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public Report cleanUp() {
        Instant now = clock.instant();
        Instant heldBefore = now.minus(settings.hold());
        Instant retryableSince = now.minus(settings.retryWindow());
        int deleted = 0;
        long deletedBytes = 0;
        for (int call = 0; call < MAX_CALLS; call++) {
            Deleted d = images.deleteUnneeded(heldBefore, retryableSince, settings.batch());
            deleted += d.images();
            deletedBytes += d.bytes();
            if (d.images() < settings.batch()) break;
        }
        Usage stored = images.usage();
        metrics.referenceImages(stored.images(), stored.bytes(), deleted);
        return new Report(deleted, deletedBytes, stored.images(), stored.bytes());
    }
}
