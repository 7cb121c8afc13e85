package io.sorarelay.domain;

import java.util.Objects;

/**
 * What a model's provider can do beyond making a video, so the relay offers only what will work:
 * a remix needs {@link #remix}, a negative prompt needs {@link #negativePrompt}, and a progress bar
 * shows the provider's figure only when {@link #progress} is {@link Progress#REPORTED}.
 */
public record Capabilities(boolean remix, Cancel cancel, Progress progress, boolean referenceImage, boolean callbacks,
                           boolean negativePrompt) {

    /** How a job in flight can be stopped at the provider. */
    public enum Cancel {
        /** No server-side cancel: the relay stops polling and ignores the result. */
        NONE,
        /** The provider stops the job. */
        CANCELS,
        /** The provider only deletes the job (OpenAI's {@code DELETE /videos/{id}}); the relay treats that as cancelled. */
        DELETES
    }

    /** Where a task's progress figure comes from. */
    public enum Progress {
        /** The provider reports a percentage. */
        REPORTED,
        /** The provider reports only queued/running/done; the relay estimates from the model's typical duration. */
        ESTIMATED
    }

    /** OpenAI's Videos API (sora-2, sora-2-pro) and the relays that speak it. */
    public static final Capabilities OPENAI_VIDEOS = new Capabilities(true, Cancel.DELETES, Progress.REPORTED, true, true, false);

    public Capabilities {
        Objects.requireNonNull(cancel);
        Objects.requireNonNull(progress);
    }
}
