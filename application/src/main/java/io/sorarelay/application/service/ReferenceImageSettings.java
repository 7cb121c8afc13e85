package io.sorarelay.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * When stored reference images are deleted (docs/architecture.md, "Reference images"; {@code REFERENCE_IMAGE_*}).
 *
 * @param retryWindow how long after a task failed or was cancelled its image stays, for a retry (which sends the image
 *                    again); after it a retry of the task is refused with 409 {@code reference_image_expired}
 * @param hold        how long after a create or a retry held an image the cleanup leaves it alone, whatever the tasks
 *                    say: it covers the moment between storing the image and storing its task, so it must be well
 *                    above what a create can take (each store call is bounded, 30 s in PostgreSQL)
 * @param batch       images deleted per store call; a cleanup goes on while calls delete a whole batch
 */
public record ReferenceImageSettings(Duration retryWindow, Duration hold, int batch) {
    public ReferenceImageSettings {
        Objects.requireNonNull(retryWindow); Objects.requireNonNull(hold);
        if (retryWindow.isNegative() || hold.isNegative()) throw new IllegalArgumentException("durations must not be negative");
        if (batch < 1) throw new IllegalArgumentException("batch must be positive");
    }

    public static ReferenceImageSettings defaults() {
        return new ReferenceImageSettings(Duration.ofHours(1), Duration.ofMinutes(5), 100);
    }

    public ReferenceImageSettings withRetryWindow(Duration d) { return new ReferenceImageSettings(d, hold, batch); }

    public ReferenceImageSettings withHold(Duration d) { return new ReferenceImageSettings(retryWindow, d, batch); }
}
