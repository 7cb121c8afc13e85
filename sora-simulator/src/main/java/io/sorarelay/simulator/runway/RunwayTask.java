package io.sorarelay.simulator.runway;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a {@code text_to_video} or {@code image_to_video} create asked for, once validated: the payload of a Runway task. */
record RunwayTask(String endpoint, String model, Optional<String> promptText, String ratio, int duration, int credits) {
    /** {@code [fail]} fails moderation of the input text; {@code [fail:CODE]} fails with that {@code failureCode}. */
    private static final Pattern FAIL = Pattern.compile("\\[fail(?::([A-Z0-9_.]+))?]");
    static final String MODERATION = "SAFETY.INPUT.TEXT";
    /** The code a task failed by chance ({@code jobFailRate}) carries: a quality rejection, Runway's "retry unlikely to help". */
    static final String BAD_OUTPUT = "INTERNAL.BAD_OUTPUT.CODE01";

    boolean failsOnPurpose() { return promptText.map(p -> FAIL.matcher(p).find()).orElse(false); }

    /** Queued as {@code THROTTLED} (over the organization's concurrency) rather than {@code PENDING}: {@code [throttle]}. */
    boolean throttled() { return promptText.map(p -> p.contains("[throttle]")).orElse(false); }

    String failureCode() {
        Matcher m = FAIL.matcher(promptText.orElse(""));
        if (!m.find()) return BAD_OUTPUT;
        return m.group(1) == null ? MODERATION : m.group(1);
    }

    String failure() {
        return failureCode().startsWith("SAFETY") || failureCode().contains(".SAFETY.")
                ? "The input did not pass content moderation."
                : "The generation failed. Please try again with a different input.";
    }
}
