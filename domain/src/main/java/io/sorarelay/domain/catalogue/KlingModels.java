package io.sorarelay.domain.catalogue;

import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.Price;

import java.time.Duration;
import java.util.List;

/**
 * Kling's models as the relay offers them (docs/providers.md, "Kling"): 5 or 10 seconds; 16:9, 9:16 or 1:1, at 720p
 * (Kling's {@code std} mode) or 1080p ({@code pro}). A credit is a US cent; prices round resellers' quotes of Kling's
 * per-video prices up to whole cents a second (UNVERIFIED: Kling sells resource packs, not list prices).
 */
public final class KlingModels {
    /** No progress and no cancel; Kling POSTs a {@code callback_url} and takes {@code negative_prompt}. */
    public static final Capabilities CAPABILITIES = new Capabilities(false, Capabilities.Cancel.NONE, Capabilities.Progress.ESTIMATED, true, true, true);
    private static final List<String> SECONDS = List.of("5", "10");
    private static final List<String> SIZES = List.of("1280x720", "720x1280", "720x720", "1920x1080", "1080x1920", "1080x1080");

    private KlingModels() {}

    private static Price pro(long std, long pro) {
        return Price.perSecond(std).withSize("1920x1080", pro).withSize("1080x1920", pro).withSize("1080x1080", pro);
    }

    /** @param provider the channel or provider name the models are served by (e.g. {@code kling}) */
    public static List<ModelDefinition> models(String provider) {
        return List.of(
                new ModelDefinition("kling-v2-5-turbo", SECONDS, SIZES, provider, Duration.ofMinutes(3), CAPABILITIES, pro(5, 7)),
                new ModelDefinition("kling-v2-1-master", SECONDS, List.of("1280x720", "720x1280", "720x720"), provider, Duration.ofMinutes(5),
                        CAPABILITIES, Price.perSecond(28)));
    }
}
