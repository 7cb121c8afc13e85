package io.sorarelay.simulator.seedance;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code contents/generations/tasks} create asked for, once validated: the payload of an Ark task.
 *
 * @param model          the name as sent (Volcengine or BytePlus spelling), echoed in reads
 * @param ratio          the ratio made ({@code adaptive} resolves to the image's, here {@code 16:9})
 * @param expiresAfterS  {@code execution_expires_after}: a task not finished by then is {@code expired}
 * @param lostReply      {@code [lost]} in the text: the task is made but the create is answered 500
 */
record SeedanceTask(String model, String prompt, boolean imageToVideo, String resolution, String ratio, int duration, long seed,
                    boolean watermark, Optional<String> callbackUrl, long expiresAfterS, String serviceTier, boolean lostReply) {
    /** {@code [fail]} fails the task by output moderation; {@code [fail:Code]} fails it with that {@code error.code}. */
    private static final Pattern FAIL = Pattern.compile("\\[fail(?::([A-Za-z0-9_.]+))?]");
    static final String MODERATION = "OutputVideoSensitiveContentDetected";
    static final String INTERNAL = "InternalServiceError";
    static final int FPS = 24;

    boolean failsOnPurpose() { return FAIL.matcher(prompt).find(); }

    String failureCode() {
        Matcher m = FAIL.matcher(prompt);
        if (!m.find()) return INTERNAL;
        return m.group(1) == null ? MODERATION : m.group(1);
    }

    String failureMessage() {
        return failureCode().contains("Sensitive") || failureCode().contains("Risk")
                ? "The request failed because the output video may contain sensitive information."
                : "The service encountered an unexpected internal error.";
    }

    /** Ark bills video by tokens: width × height × frames per second × seconds / 1024. */
    long tokens() {
        int[] px = SeedanceModels.pixels(resolution, ratio);
        return (long) px[0] * px[1] * FPS * duration / 1024;
    }
}
