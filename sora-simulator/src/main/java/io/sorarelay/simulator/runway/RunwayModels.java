package io.sorarelay.simulator.runway;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The models the simulated API accepts and what each allows, as the request types of {@code @runwayml/sdk} 4.20.1
 * declare them ({@code text-to-video.ts}, {@code image-to-video.ts}). Where the types leave a duration optional without
 * naming a default, the default here is the simulator's choice (see docs/providers.md).
 */
final class RunwayModels {

    /**
     * @param durations       the allowed seconds
     * @param defaultDuration empty when {@code duration} is required
     * @param t2vRatios       empty when the model has no text-to-video
     * @param ratioRequired   whether {@code ratio} must be given (else the first is the default)
     * @param creditsPerSecond the simulator's price, for {@code estimatedCost} and {@code cost}
     */
    record Model(String name, List<Integer> durations, Optional<Integer> defaultDuration, List<String> t2vRatios, List<String> i2vRatios,
                 boolean ratioRequired, int maxPrompt, boolean i2vPromptRequired, int creditsPerSecond) {
        List<String> ratios(String endpoint) { return endpoint.equals(RunwayApi.TEXT_TO_VIDEO) ? t2vRatios : i2vRatios; }
    }

    private static final List<String> GEN4 = List.of("1280:720", "720:1280", "1104:832", "960:960", "832:1104", "1584:672");
    private static final List<String> VEO = List.of("1280:720", "720:1280", "1080:1920", "1920:1080");
    private static final List<String> SEEDANCE = List.of("1280:720", "720:1280", "960:960", "1920:1080", "1080:1920", "1440:1440",
            "992:432", "864:496", "752:560", "640:640", "560:752", "496:864", "1470:630", "1112:834", "834:1112", "2206:946",
            "1664:1248", "1248:1664", "3840:1646", "3840:2160", "3840:2880", "3840:3840", "2880:3840", "2160:3840");

    private static List<Integer> range(int from, int to) { return Stream.iterate(from, i -> i <= to, i -> i + 1).toList(); }

    private static final Map<String, Model> MODELS = Stream.of(
            new Model("gen4.5", range(2, 10), Optional.empty(), List.of("1280:720", "720:1280"), GEN4, true, 1000, true, 12),
            new Model("gen4_turbo", range(2, 10), Optional.of(10), List.of(), GEN4, true, 1000, false, 5),
            new Model("veo3.1", List.of(4, 6, 8), Optional.of(8), VEO, VEO, true, 1000, false, 40),
            new Model("veo3.1_fast", List.of(4, 6, 8), Optional.of(8), VEO, VEO, true, 1000, false, 15),
            new Model("seedance2", range(4, 15), Optional.of(5), SEEDANCE, SEEDANCE, false, 3500, false, 20)
    ).collect(Collectors.toMap(Model::name, Function.identity()));

    private RunwayModels() {}

    static Optional<Model> find(String name) { return Optional.ofNullable(MODELS.get(name)); }

    /** The models {@code endpoint} serves, sorted, for an error message. */
    static List<String> names(String endpoint) {
        return MODELS.values().stream().filter(m -> !m.ratios(endpoint).isEmpty()).map(Model::name).sorted().toList();
    }
}
