package io.sorarelay.simulator.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models the simulated API accepts, each with the seconds and sizes it allowed (the first of each is
 * the default when a create leaves it out). OpenAI's own: {@code sora-2} made 720p only, {@code sora-2-pro}
 * also 1024x1792 and 1792x1024; both 4, 8 or 12 seconds; the dated snapshots behave like their model.
 * Then the names third-party relays gave their Sora channels, which the relay's catalogue offers and
 * sends to this simulator in embedded mode and tests: 10 or 15 seconds, 720p, one orientation or both.
 */
final class VideoModels {
    record Model(String name, List<String> seconds, List<String> sizes) {}

    static final String DEFAULT = "sora-2";
    private static final List<String> SORA_SECONDS = List.of("4", "8", "12");
    private static final List<String> SORA_SIZES = List.of("720x1280", "1280x720");
    private static final List<String> PRO_SIZES = List.of("720x1280", "1280x720", "1024x1792", "1792x1024");
    private static final List<String> RELAY_SECONDS = List.of("10", "15");

    private static final Map<String, Model> MODELS = byName(List.of(
            new Model("sora-2", SORA_SECONDS, SORA_SIZES),
            new Model("sora-2-pro", SORA_SECONDS, PRO_SIZES),
            new Model("sora-2-2025-10-06", SORA_SECONDS, SORA_SIZES),
            new Model("sora-2-pro-2025-10-06", SORA_SECONDS, PRO_SIZES),
            new Model("sora-2-2025-12-08", SORA_SECONDS, SORA_SIZES),
            new Model("sora_video2", RELAY_SECONDS, List.of("1280x720", "720x1280")),
            new Model("sora_video2-portrait", RELAY_SECONDS, List.of("720x1280")),
            new Model("sora_video2-landscape", RELAY_SECONDS, List.of("1280x720"))));

    private VideoModels() {}

    static Optional<Model> find(String name) { return Optional.ofNullable(MODELS.get(name)); }

    static List<String> names() { return List.copyOf(MODELS.keySet()); }

    private static Map<String, Model> byName(List<Model> models) {
        Map<String, Model> m = new LinkedHashMap<>();
        for (Model model : models) m.put(model.name(), model);
        return m;
    }
}
