package io.sorarelay.simulator.wan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code video-synthesis} create asked for, once validated: the payload of a DashScope task.
 *
 * @param size      {@code W*H} of the video (an image-to-video task takes the tier's 16:9 size)
 * @param lostReply {@code [lost]} in the prompt: the task is made but the create is answered 500, as when the answer
 *                  is lost on its way back (how a client's recovery of a lost answer is tested)
 * @param negativePrompt {@code input.negative_prompt}, or null
 * @param media     the {@code type} of each {@code input.media} item (the newer protocol), in order
 */
record WanTask(String model, String prompt, String size, int duration, boolean imageToVideo, boolean lostReply,
               String negativePrompt, java.util.List<String> media) implements io.sorarelay.simulator.engine.Inputs {
    @Override
    public java.util.Map<String, Object> inputs() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (negativePrompt != null) m.put("negative_prompt", negativePrompt);
        if (!media.isEmpty()) m.put("media", media);
        return m;
    }

    /** {@code [fail]} fails the task by output moderation; {@code [fail:Code]} fails it with that {@code output.code}. */
    private static final Pattern FAIL = Pattern.compile("\\[fail(?::([A-Za-z0-9_.]+))?]");
    /** The code of a task that failed by chance ({@code jobFailRate}). */
    static final String INTERNAL = "InternalError.Algo";

    boolean failsOnPurpose() { return FAIL.matcher(prompt).find(); }

    String failureCode() {
        Matcher m = FAIL.matcher(prompt);
        if (!m.find()) return INTERNAL;
        return m.group(1) == null ? WanError.DATA_INSPECTION : m.group(1);
    }

    String failureMessage() {
        return WanError.DATA_INSPECTION.equals(failureCode()) ? "Output data may contain inappropriate content."
                : "An internal error has occured during execution, please try again later or contact service support.";
    }
}
