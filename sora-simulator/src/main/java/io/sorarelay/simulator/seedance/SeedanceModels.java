package io.sorarelay.simulator.seedance;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The Seedance models the simulated Ark API accepts, by their Volcengine ids; BytePlus ModelArk names the same models
 * without the {@code doubao-} prefix, and both are accepted. Durations, resolutions and image use per model follow
 * the sources in docs/providers.md; what is marked UNVERIFIED there is enforced here as written.
 */
final class SeedanceModels {

    /**
     * @param text    takes a text-only create (text-to-video)
     * @param image   takes a first-frame image (image-to-video)
     * @param resolutions {@code 480p}, {@code 720p}, {@code 1080p}; the first is the default
     */
    record Model(String name, boolean text, boolean image, List<String> resolutions, List<Integer> durations) {}

    static final List<String> RATIOS = List.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9");

    private static List<Integer> range(int from, int to) { return IntStream.rangeClosed(from, to).boxed().toList(); }

    private static final Map<String, Model> MODELS = Stream.of(
            new Model("doubao-seedance-1-0-pro-250528", true, true, List.of("1080p", "720p", "480p"), range(2, 12)),
            new Model("doubao-seedance-1-0-pro-fast-251015", true, true, List.of("1080p", "720p", "480p"), range(2, 12)),
            new Model("doubao-seedance-1-0-lite-t2v-250428", true, false, List.of("720p", "480p", "1080p"), range(2, 12)),
            new Model("doubao-seedance-1-0-lite-i2v-250428", false, true, List.of("720p", "480p", "1080p"), range(2, 12)),
            new Model("doubao-seedance-1-5-pro-251215", true, true, List.of("720p", "480p", "1080p"), range(4, 12)),
            new Model("doubao-seedance-2-0-260128", true, true, List.of("720p", "480p", "1080p"), range(4, 15)),
            new Model("doubao-seedance-2-0-fast-260128", true, true, List.of("720p", "480p"), range(4, 15))
    ).collect(Collectors.toMap(Model::name, Function.identity()));

    private SeedanceModels() {}

    /** By Volcengine id, or by the BytePlus id (without {@code doubao-}). */
    static Optional<Model> find(String name) {
        return Optional.ofNullable(MODELS.get(name)).or(() -> Optional.ofNullable(MODELS.get("doubao-" + name)));
    }

    /** Width and height of a video of that resolution and ratio (Seedance 1.0's output table). */
    static int[] pixels(String resolution, String ratio) {
        int[][] table = switch (resolution) {
            case "480p" -> new int[][]{{864, 480}, {736, 544}, {640, 640}, {544, 736}, {480, 864}, {960, 416}};
            case "1080p" -> new int[][]{{1920, 1088}, {1664, 1248}, {1440, 1440}, {1248, 1664}, {1088, 1920}, {2176, 928}};
            default -> new int[][]{{1248, 704}, {1120, 832}, {960, 960}, {832, 1120}, {704, 1248}, {1504, 640}};
        };
        int i = RATIOS.indexOf(ratio);
        return table[i < 0 ? 0 : i];
    }
}
