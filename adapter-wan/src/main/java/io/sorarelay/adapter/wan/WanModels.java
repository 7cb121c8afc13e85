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
     */
    record Model(String name, boolean textToVideo, List<String> sizes, List<Integer> durations, int maxPrompt) {}

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
            new Model("wanx2.1-i2v-plus", false, P720, List.of(5), 800)
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

    static List<String> names() { return MODELS.keySet().stream().sorted().toList(); }
}
