package io.sorarelay.domain.catalogue;

import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.Price;

import java.time.Duration;
import java.util.List;

/**
 * Google Veo 3.1's GA models as the relay offers them (docs/providers.md, "Google Veo"): 4, 6 or 8 seconds; 16:9 or 9:16 at
 * 720p, 1080p or 4k (1080p and 4k at 8 seconds only: the adapter refuses the rest before any call). A credit is a US
 * cent; prices are Google's per-second list prices with audio on the Gemini API's pricing page (Standard $0.40, 4k
 * $0.60; Fast $0.10, 1080p $0.12, 4k $0.30; docs/providers-veo-kling-minimax.md says how they were checked).
 */
public final class VeoModels {
    /** Veo reports neither progress nor a queue and cannot be cancelled; Gemini API webhooks are not used yet; it takes {@code parameters.negativePrompt}. */
    public static final Capabilities CAPABILITIES = new Capabilities(false, Capabilities.Cancel.NONE, Capabilities.Progress.ESTIMATED, true, false, true);
    private static final List<String> SECONDS = List.of("8", "6", "4");
    private static final List<String> SIZES = List.of("1280x720", "720x1280", "1920x1080", "1080x1920", "3840x2160", "2160x3840");

    private VeoModels() {}

    /** @param provider the channel or provider name the models are served by (e.g. {@code veo}) */
    public static List<ModelDefinition> models(String provider) {
        return List.of(
                new ModelDefinition("veo-3.1-generate-001", SECONDS, SIZES, provider, Duration.ofMinutes(2), CAPABILITIES,
                        Price.perSecond(40).withSize("3840x2160", 60).withSize("2160x3840", 60)),
                new ModelDefinition("veo-3.1-fast-generate-001", SECONDS, SIZES, provider, Duration.ofMinutes(1), CAPABILITIES,
                        Price.perSecond(10).withSize("1920x1080", 12).withSize("1080x1920", 12).withSize("3840x2160", 30).withSize("2160x3840", 30)));
    }
}
