package io.sorarelay.adapter.seedance;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What each Seedance model accepts on Ark (docs/providers.md, which marks what is UNVERIFIED), so a
 * request Ark would refuse is refused here, naming our own field. Volcengine ids carry {@code doubao-}; BytePlus ids
 * drop it; both are taken and sent as given.
 */
final class SeedanceModels {

    /** @param resolutions {@code 480p}, {@code 720p}, {@code 1080p} */
    record Model(String name, boolean text, boolean image, List<String> resolutions, List<Integer> durations) {}

    /** Ark's ratios and their value (width / height). */
    static final Map<String, Double> RATIOS = Map.of("16:9", 16 / 9.0, "4:3", 4 / 3.0, "1:1", 1.0, "3:4", 3 / 4.0, "9:16", 9 / 16.0, "21:9", 21 / 9.0);
    /** Each resolution's pixel count at 16:9 (Seedance 1.0's output table: 864x480, 1248x704, 1920x1088). */
    static final Map<String, Integer> AREAS = Map.of("480p", 864 * 480, "720p", 1248 * 704, "1080p", 1920 * 1088);

    private static List<Integer> range(int from, int to) { return IntStream.rangeClosed(from, to).boxed().toList(); }

    private static final Map<String, Model> MODELS = Stream.of(
            new Model("doubao-seedance-1-0-pro-250528", true, true, List.of("480p", "720p", "1080p"), range(2, 12)),
            new Model("doubao-seedance-1-0-pro-fast-251015", true, true, List.of("480p", "720p", "1080p"), range(2, 12)),
            new Model("doubao-seedance-1-0-lite-t2v-250428", true, false, List.of("480p", "720p", "1080p"), range(2, 12)),
            new Model("doubao-seedance-1-0-lite-i2v-250428", false, true, List.of("480p", "720p", "1080p"), range(2, 12)),
            new Model("doubao-seedance-1-5-pro-251215", true, true, List.of("480p", "720p", "1080p"), range(4, 12)),
            new Model("doubao-seedance-2-0-260128", true, true, List.of("480p", "720p", "1080p"), range(4, 15)),
            new Model("doubao-seedance-2-0-fast-260128", true, true, List.of("480p", "720p"), range(4, 15))
    ).collect(Collectors.toMap(Model::name, Function.identity()));

    private SeedanceModels() {}

    static Optional<Model> find(String name) {
        return Optional.ofNullable(MODELS.get(name)).or(() -> Optional.ofNullable(MODELS.get("doubao-" + name)));
    }

    static List<String> names() { return MODELS.keySet().stream().sorted().toList(); }

    /** The ratio within 1 % of {@code width / height}, if Ark has one. */
    static Optional<String> ratio(int width, int height) {
        double r = width / (double) height;
        return RATIOS.entrySet().stream().filter(e -> Math.abs(e.getValue() - r) / e.getValue() < 0.01).map(Map.Entry::getKey).findFirst();
    }

    /** The resolution whose pixel count is within 15 % of {@code width × height}, if any. */
    static Optional<String> resolution(int width, int height) {
        long area = (long) width * height;
        return AREAS.entrySet().stream().filter(e -> Math.abs(e.getValue() - area) / (double) e.getValue() < 0.15).map(Map.Entry::getKey).findFirst();
    }
}
