package io.sorarelay.adapter.runway;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What each Runway model accepts, from {@code @runwayml/sdk} 4.20.1's request types, so a request Runway would refuse
 * is refused here, before any call, with a message naming our own field ({@code seconds}, {@code size}).
 */
final class RunwayModels {

    /**
     * @param t2vRatios empty when the model has no text-to-video
     * @param i2vRatios empty when it has no image-to-video
     * @param maxPrompt {@code promptText} limit in UTF-16 code units
     */
    record Model(String name, List<Integer> durations, List<String> t2vRatios, List<String> i2vRatios, int maxPrompt) {}

    private static final List<String> GEN4 = List.of("1280:720", "720:1280", "1104:832", "960:960", "832:1104", "1584:672");
    private static final List<String> VEO = List.of("1280:720", "720:1280", "1080:1920", "1920:1080");
    private static final List<String> SEEDANCE = List.of("1280:720", "720:1280", "960:960", "1920:1080", "1080:1920", "1440:1440",
            "992:432", "864:496", "752:560", "640:640", "560:752", "496:864", "1470:630", "1112:834", "834:1112", "2206:946",
            "1664:1248", "1248:1664", "3840:1646", "3840:2160", "3840:2880", "3840:3840", "2880:3840", "2160:3840");

    private static List<Integer> range(int from, int to) { return Stream.iterate(from, i -> i <= to, i -> i + 1).toList(); }

    private static final Map<String, Model> MODELS = Stream.of(
            new Model("gen4.5", range(2, 10), List.of("1280:720", "720:1280"), GEN4, 1000),
            new Model("gen4_turbo", range(2, 10), List.of(), GEN4, 1000),
            new Model("veo3.1", List.of(4, 6, 8), VEO, VEO, 1000),
            new Model("veo3.1_fast", List.of(4, 6, 8), VEO, VEO, 1000),
            // The SDK types say only "number" for Seedance 2: 4 to 15 s is an assumption (UNVERIFIED, docs/providers.md).
            new Model("seedance2", range(4, 15), SEEDANCE, SEEDANCE, 3500)
    ).collect(Collectors.toMap(Model::name, Function.identity()));

    private RunwayModels() {}

    static Optional<Model> find(String name) { return Optional.ofNullable(MODELS.get(name)); }

    static List<String> names() { return MODELS.keySet().stream().sorted().toList(); }
}
