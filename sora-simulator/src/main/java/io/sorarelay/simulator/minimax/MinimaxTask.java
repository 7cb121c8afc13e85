package io.sorarelay.simulator.minimax;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code video_generation} create asked for once validated (the payload of a MiniMax job), with the rules of
 * each Hailuo model: its durations per resolution, whether it takes text alone or needs a first frame.
 */
record MinimaxTask(String model, String prompt, int duration, String resolution, boolean firstFrame, Optional<String> callbackUrl) {

    /**
     * @param byResolution each resolution's allowed durations; the first resolution is the default
     * @param needsImage   image-to-video only; {@code textOnly}: text-to-video only
     */
    record Model(String name, Map<String, List<Integer>> byResolution, String defaultResolution, boolean needsImage, boolean textOnly) {}

    static final List<Model> MODELS = List.of(
            new Model("MiniMax-Hailuo-2.3", Map.of("768P", List.of(6, 10), "1080P", List.of(6)), "768P", false, false),
            new Model("MiniMax-Hailuo-2.3-Fast", Map.of("768P", List.of(6, 10), "1080P", List.of(6)), "768P", true, false),
            new Model("MiniMax-Hailuo-02", Map.of("512P", List.of(6, 10), "768P", List.of(6, 10), "1080P", List.of(6)), "768P", false, false),
            new Model("T2V-01-Director", Map.of("720P", List.of(6)), "720P", false, true),
            new Model("T2V-01", Map.of("720P", List.of(6)), "720P", false, true),
            new Model("I2V-01-Director", Map.of("720P", List.of(6)), "720P", true, false),
            new Model("I2V-01-live", Map.of("720P", List.of(6)), "720P", true, false),
            new Model("I2V-01", Map.of("720P", List.of(6)), "720P", true, false));

    static Optional<Model> find(String name) { return MODELS.stream().filter(m -> m.name().equals(name)).findFirst(); }

    /** {@code [fail]}: the output fails MiniMax's content check (1027). */
    boolean failsOnPurpose() { return prompt.contains("[fail]"); }

    /** The frame size MiniMax reports for a landscape video of this resolution. */
    int width() { return switch (resolution) { case "512P" -> 910; case "720P" -> 1280; case "1080P" -> 1920; default -> 1366; }; }

    int height() { return Integer.parseInt(resolution.substring(0, resolution.length() - 1)); }
}
