package io.sorarelay.domain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models the relay offers. Resolving a request against it yields a valid {@link VideoSpec} or
 * an {@link InvalidValueException} that names the allowed values.
 */
public final class ModelCatalogue {
    public static final String DEFAULT_PROVIDER = "default";
    private static final List<String> SORA_SECONDS = List.of("4", "8", "12");
    // OpenAI's sora-2 made 720p only; the 1024x1792 and 1792x1024 sizes were sora-2-pro's (the API refused them for sora-2).
    private static final List<String> SORA_SIZES = List.of("1280x720", "720x1280");
    private static final List<String> SORA_PRO_SIZES = List.of("1280x720", "720x1280", "1792x1024", "1024x1792");
    private static final List<String> RELAY_SECONDS = List.of("10", "15");

    private final Map<String, ModelDefinition> models;
    private final String defaultModel;

    public ModelCatalogue(List<ModelDefinition> models, String defaultModel) {
        Map<String, ModelDefinition> byName = new LinkedHashMap<>();
        for (ModelDefinition m : models) byName.put(m.name(), m);
        if (!byName.containsKey(defaultModel)) throw new IllegalArgumentException("default model " + defaultModel + " is not in the catalogue");
        this.models = Map.copyOf(byName);
        this.defaultModel = defaultModel;
    }

    /** OpenAI's {@code sora-2}/{@code sora-2-pro} and the original's relay names, all on the default upstream. */
    public static ModelCatalogue defaults() {
        return new ModelCatalogue(List.of(
                new ModelDefinition("sora-2", SORA_SECONDS, SORA_SIZES, DEFAULT_PROVIDER, Duration.ofMinutes(2)),
                new ModelDefinition("sora-2-pro", SORA_SECONDS, SORA_PRO_SIZES, DEFAULT_PROVIDER, Duration.ofMinutes(4)),
                new ModelDefinition("sora_video2", RELAY_SECONDS, List.of("1280x720", "720x1280"), DEFAULT_PROVIDER, Duration.ofMinutes(2)),
                new ModelDefinition("sora_video2-portrait", RELAY_SECONDS, List.of("720x1280"), DEFAULT_PROVIDER, Duration.ofMinutes(2)),
                new ModelDefinition("sora_video2-landscape", RELAY_SECONDS, List.of("1280x720"), DEFAULT_PROVIDER, Duration.ofMinutes(2))),
                "sora-2");
    }

    /** This catalogue with {@code extra} added or replacing the model of the same name. */
    public ModelCatalogue with(ModelDefinition extra) {
        Map<String, ModelDefinition> next = new LinkedHashMap<>(models);
        next.put(extra.name(), extra);
        return new ModelCatalogue(List.copyOf(next.values()), defaultModel);
    }

    public String defaultModel() { return defaultModel; }

    public Optional<ModelDefinition> find(String model) { return Optional.ofNullable(models.get(model)); }

    public List<ModelDefinition> models() {
        return models.values().stream().sorted(java.util.Comparator.comparing(ModelDefinition::name)).toList();
    }

    /**
     * Resolves a request's fields (each may be null) to a spec. {@code aspectRatio} ({@code 16:9},
     * {@code 9:16}) chooses the size when {@code size} is absent.
     */
    public VideoSpec resolve(String model, String seconds, String size, String aspectRatio) {
        String name = blank(model) ? defaultModel : model;
        ModelDefinition def = find(name).orElseThrow(() -> new InvalidValueException("model",
                "unknown model '" + name + "'; allowed: " + String.join(", ", models().stream().map(ModelDefinition::name).toList())));
        String secs = blank(seconds) ? def.seconds().getFirst() : seconds.strip();
        if (!def.seconds().contains(secs))
            throw new InvalidValueException("seconds", "seconds must be one of " + String.join(", ", def.seconds()) + " for " + name);
        String chosen = !blank(size) ? size.strip() : !blank(aspectRatio) ? sizeFor(aspectRatio.strip(), def) : def.sizes().getFirst();
        if (!def.sizes().contains(chosen))
            throw new InvalidValueException("size", "size must be one of " + String.join(", ", def.sizes()) + " for " + name);
        return new VideoSpec(name, secs, chosen);
    }

    private static String sizeFor(String ratio, ModelDefinition def) {
        String size = switch (ratio) {
            case "16:9" -> "1280x720";
            case "9:16" -> "720x1280";
            default -> throw new InvalidValueException("aspectRatio", "aspectRatio must be 16:9 or 9:16");
        };
        if (!def.sizes().contains(size))
            throw new InvalidValueException("aspectRatio", "aspectRatio " + ratio + " is not available for " + def.name());
        return size;
    }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}
