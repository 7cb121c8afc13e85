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
    // A credit is a US cent: OpenAI billed sora-2 at $0.10 a second and sora-2-pro at $0.30 (720p) or $0.50 (the large sizes).
    private static final Price SORA_PRICE = Price.perSecond(10);
    private static final Price SORA_PRO_PRICE = Price.perSecond(30).withSize("1792x1024", 50).withSize("1024x1792", 50);

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
                sora("sora-2", SORA_SECONDS, SORA_SIZES, Duration.ofMinutes(2), SORA_PRICE),
                sora("sora-2-pro", SORA_SECONDS, SORA_PRO_SIZES, Duration.ofMinutes(4), SORA_PRO_PRICE),
                sora("sora_video2", RELAY_SECONDS, List.of("1280x720", "720x1280"), Duration.ofMinutes(2), SORA_PRICE),
                sora("sora_video2-portrait", RELAY_SECONDS, List.of("720x1280"), Duration.ofMinutes(2), SORA_PRICE),
                sora("sora_video2-landscape", RELAY_SECONDS, List.of("1280x720"), Duration.ofMinutes(2), SORA_PRICE)),
                "sora-2");
    }

    private static ModelDefinition sora(String name, List<String> seconds, List<String> sizes, Duration expected, Price price) {
        return new ModelDefinition(name, seconds, sizes, DEFAULT_PROVIDER, expected, Capabilities.OPENAI_VIDEOS, price);
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

    /**
     * The neutral form of a resolved spec with the inputs a provider may refuse: a reference image or a negative
     * prompt is refused here, naming the field, when the model's capabilities do not include it.
     */
    public VideoRequest request(VideoSpec spec, Optional<ReferenceImage> image, Optional<String> negativePrompt) {
        ModelDefinition def = find(spec.model()).orElseThrow(() -> new InvalidValueException("model", "unknown model '" + spec.model() + "'"));
        if (image.isPresent() && !def.capabilities().referenceImage())
            throw new InvalidValueException("input_reference", spec.model() + " does not take a reference image");
        if (negativePrompt.filter(p -> !p.isBlank()).isPresent() && !def.capabilities().negativePrompt())
            throw new InvalidValueException("negativePrompt", spec.model() + " does not take a negative prompt");
        return VideoRequest.of(spec, image, negativePrompt.filter(p -> !p.isBlank()));
    }

    /** What a video as {@code spec} asks for costs on its model. */
    public Credits price(VideoSpec spec) {
        return find(spec.model()).orElseThrow(() -> new InvalidValueException("model", "unknown model '" + spec.model() + "'"))
                .price().of(spec);
    }

    // A shape the model lacks but another model has gets "not available"; anything else gets the model's shapes.
    private String sizeFor(String ratio, ModelDefinition def) {
        Optional<AspectRatio> parsed = AspectRatio.parse(ratio);
        Optional<String> size = parsed.flatMap(def::sizeWith);
        if (size.isPresent()) return size.get();
        boolean elsewhere = parsed.isPresent() && models.values().stream().anyMatch(m -> m.sizeWith(parsed.get()).isPresent());
        if (elsewhere)
            throw new InvalidValueException("aspectRatio", "aspectRatio " + ratio + " is not available for " + def.name());
        List<String> shapes = def.aspectRatios().stream().map(AspectRatio::toString).toList();
        String allowed = shapes.size() == 1 ? shapes.getFirst()
                : String.join(", ", shapes.subList(0, shapes.size() - 1)) + " or " + shapes.getLast();
        throw new InvalidValueException("aspectRatio", "aspectRatio must be " + allowed);
    }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}
