package io.sorarelay.simulator.wan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Wan video models the simulated DashScope accepts, on the legacy protocol ({@code input.prompt},
 * {@code input.img_url}, {@code parameters.size|resolution|duration}) or, for wan2.7, the newer one
 * ({@code input.media[]}, {@code parameters.resolution|ratio|duration}), with the sizes, resolutions and lengths
 * Model Studio's API references give for each. Per-model limits not confirmed by a reference are marked
 * UNVERIFIED in docs/providers.md; the simulator enforces them as written here.
 */
final class WanModels {

    enum Kind { TEXT_TO_VIDEO, IMAGE_TO_VIDEO }

    /**
     * @param sizes       {@code W*H} a text-to-video model makes (empty for image-to-video)
     * @param resolutions the {@code 480P}/{@code 720P}/{@code 1080P} tiers it makes
     * @param maxPrompt   {@code input.prompt} limit in characters
     * @param media       the newer protocol: images as {@code input.media} items, the shape as {@code parameters.ratio}
     */
    record Model(String name, Kind kind, List<String> sizes, List<String> resolutions, List<Integer> durations, int maxPrompt,
                 boolean media) {
        Model(String name, Kind kind, List<String> sizes, List<String> resolutions, List<Integer> durations, int maxPrompt) {
            this(name, kind, sizes, resolutions, durations, maxPrompt, false);
        }

        String defaultSize() { return sizes.contains("1280*720") ? "1280*720" : sizes.getFirst(); }

        String defaultResolution() { return resolutions.contains("720P") ? "720P" : resolutions.getFirst(); }

        int defaultDuration() { return durations.contains(5) ? 5 : durations.getFirst(); }
    }

    static final List<String> P480 = List.of("832*480", "480*832", "624*624");
    static final List<String> P720 = List.of("1280*720", "720*1280", "960*960", "1088*832", "832*1088");
    static final List<String> P1080 = List.of("1920*1080", "1080*1920", "1440*1440", "1632*1248", "1248*1632");

    /** The newer protocol's {@code parameters.ratio} values, in the order of each tier's sizes. */
    static final List<String> RATIOS = List.of("16:9", "9:16", "1:1", "4:3", "3:4");
    private static final List<Integer> TWO_TO_FIFTEEN = java.util.stream.IntStream.rangeClosed(2, 15).boxed().toList();

    /** The {@code W*H} of a tier and ratio ({@code 720P}, {@code 16:9} → {@code 1280*720}). */
    static Optional<String> size(String resolution, String ratio) {
        int i = RATIOS.indexOf(ratio);
        if (i < 0) return Optional.empty();
        return switch (resolution) {
            case "480P" -> Optional.of(P480.get(Math.min(i, P480.size() - 1)));
            case "720P" -> Optional.of(P720.get(i));
            case "1080P" -> Optional.of(P1080.get(i));
            default -> Optional.empty();
        };
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) { return Stream.of(lists).flatMap(List::stream).toList(); }

    private static final Map<String, Model> MODELS = Stream.of(
            new Model("wan2.6-t2v", Kind.TEXT_TO_VIDEO, concat(P720, P1080), List.of("720P", "1080P"), List.of(5, 10, 15), 1500),
            new Model("wan2.5-t2v-preview", Kind.TEXT_TO_VIDEO, concat(P480, P720, P1080), List.of("480P", "720P", "1080P"), List.of(5, 10), 2000),
            new Model("wan2.2-t2v-plus", Kind.TEXT_TO_VIDEO, concat(P480, P1080), List.of("480P", "1080P"), List.of(5), 800),
            new Model("wanx2.1-t2v-turbo", Kind.TEXT_TO_VIDEO, concat(P480, P720), List.of("480P", "720P"), List.of(5), 800),
            new Model("wanx2.1-t2v-plus", Kind.TEXT_TO_VIDEO, P720, List.of("720P"), List.of(5), 800),
            new Model("wan2.6-i2v", Kind.IMAGE_TO_VIDEO, List.of(), List.of("720P", "1080P"), List.of(5, 10, 15), 1500),
            new Model("wan2.5-i2v-preview", Kind.IMAGE_TO_VIDEO, List.of(), List.of("480P", "720P", "1080P"), List.of(5, 10), 2000),
            new Model("wan2.2-i2v-plus", Kind.IMAGE_TO_VIDEO, List.of(), List.of("480P", "1080P"), List.of(5), 800),
            new Model("wan2.2-i2v-flash", Kind.IMAGE_TO_VIDEO, List.of(), List.of("480P", "720P"), List.of(5), 800),
            new Model("wanx2.1-i2v-turbo", Kind.IMAGE_TO_VIDEO, List.of(), List.of("480P", "720P"), List.of(3, 4, 5), 800),
            new Model("wanx2.1-i2v-plus", Kind.IMAGE_TO_VIDEO, List.of(), List.of("720P"), List.of(5), 800),
            new Model("wan2.7-t2v", Kind.TEXT_TO_VIDEO, concat(P720, P1080), List.of("720P", "1080P"), TWO_TO_FIFTEEN, 1500, true),
            new Model("wan2.7-i2v", Kind.IMAGE_TO_VIDEO, List.of(), List.of("720P", "1080P"), TWO_TO_FIFTEEN, 1500, true)
    ).collect(Collectors.toMap(Model::name, Function.identity()));

    private WanModels() {}

    static Optional<Model> find(String name) { return Optional.ofNullable(MODELS.get(name)); }
}
