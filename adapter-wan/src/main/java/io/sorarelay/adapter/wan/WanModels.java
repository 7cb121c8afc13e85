package io.sorarelay.adapter.wan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What each Wan model accepts on DashScope's legacy video-synthesis protocol (Model Studio's text-to-video and
 * image-to-video references; docs/providers.md marks what is UNVERIFIED), so a request DashScope would refuse is refused
 * here, before any call, naming our own field. Sizes are in our words ({@code 1280x720}).
 */
final class WanModels {

    /**
     * @param textToVideo  false for an image-to-video model (it needs a reference image)
     * @param sizes        the sizes a text-to-video model makes; for an image-to-video model, the sizes whose tier it makes
     *                     (its video takes the image's shape)
     * @param media        true for DashScope's newer protocol (wan2.7): {@code parameters.resolution} and {@code ratio}
     *                     instead of {@code size}, and images as {@code input.media[]} items instead of {@code img_url}
     */
    record Model(String name, boolean textToVideo, List<String> sizes, List<Integer> durations, int maxPrompt, boolean media) {
        Model(String name, boolean textToVideo, List<String> sizes, List<Integer> durations, int maxPrompt) {
            this(name, textToVideo, sizes, durations, maxPrompt, false);
        }
    }

    /** {@code input.negative_prompt}'s limit (Model Studio's Wan references: 500 characters). */
    static final int MAX_NEGATIVE_PROMPT = 500;
    /** The shapes of each tier's sizes, in the order of {@link #P480}, {@link #P720} and {@link #P1080}. */
    private static final List<String> RATIOS = List.of("16:9", "9:16", "1:1", "4:3", "3:4");
    private static final List<Integer> TWO_TO_FIFTEEN = java.util.stream.IntStream.rangeClosed(2, 15).boxed().toList();

    static final List<String> P480 = List.of("832x480", "480x832", "624x624");
    static final List<String> P720 = List.of("1280x720", "720x1280", "960x960", "1088x832", "832x1088");
    static final List<String> P1080 = List.of("1920x1080", "1080x1920", "1440x1440", "1632x1248", "1248x1632");

    @SafeVarargs
    private static List<String> concat(List<String>... lists) { return Stream.of(lists).flatMap(List::stream).toList(); }

    private static final Map<String, Model> MODELS = Stream.of(
            new Model("wan2.6-t2v", true, concat(P720, P1080), List.of(5, 10, 15), 1500),
            new Model("wan2.5-t2v-preview", true, concat(P480, P720, P1080), List.of(5, 10), 2000),
            new Model("wan2.2-t2v-plus", true, concat(P480, P1080), List.of(5), 800),
            new Model("wanx2.1-t2v-turbo", true, concat(P480, P720), List.of(5), 800),
            new Model("wanx2.1-t2v-plus", true, P720, List.of(5), 800),
            new Model("wan2.6-i2v", false, concat(P720, P1080), List.of(5, 10, 15), 1500),
            new Model("wan2.5-i2v-preview", false, concat(P480, P720, P1080), List.of(5, 10), 2000),
            new Model("wan2.2-i2v-plus", false, concat(P480, P1080), List.of(5), 800),
            new Model("wan2.2-i2v-flash", false, concat(P480, P720), List.of(5), 800),
            new Model("wanx2.1-i2v-turbo", false, concat(P480, P720), List.of(3, 4, 5), 800),
            new Model("wanx2.1-i2v-plus", false, P720, List.of(5), 800),
            new Model("wan2.7-t2v", true, concat(P720, P1080), TWO_TO_FIFTEEN, 1500, true),
            new Model("wan2.7-i2v", false, concat(P720, P1080), TWO_TO_FIFTEEN, 1500, true)
    ).collect(Collectors.toMap(Model::name, Function.identity()));

    private WanModels() {}

    static Optional<Model> find(String name) { return Optional.ofNullable(MODELS.get(name)); }

    /** The image-to-video model of a text-to-video one ({@code wan2.6-t2v} → {@code wan2.6-i2v}), when DashScope has it. */
    static Optional<Model> imageSibling(Model model) {
        return model.textToVideo() ? find(model.name().replace("-t2v", "-i2v")) : Optional.of(model);
    }

    /** DashScope's resolution tier of one of our sizes. */
    static String tier(String size) {
        return P480.contains(size) ? "480P" : P720.contains(size) ? "720P" : "1080P";
    }

    /** The {@code parameters.ratio} of one of our sizes ({@code 1280x720} → {@code 16:9}) on the newer protocol. */
    static String ratio(String size) {
        for (List<String> tier : List.of(P480, P720, P1080))
            if (tier.contains(size)) return RATIOS.get(tier.indexOf(size));
        throw new IllegalArgumentException("not a Wan size: " + size);
    }

    static List<String> names() { return MODELS.keySet().stream().sorted().toList(); }
}
