package io.sorarelay.domain.catalogue;

import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.Price;

import java.time.Duration;
import java.util.List;

/**
 * MiniMax Hailuo's models as the relay offers them (docs/providers.md, "MiniMax Hailuo"): 6 or 10 seconds at 768P
 * (1366x768), 6 seconds at 1080P (the adapter refuses 10 s at 1080P before any call). A credit is a US cent; prices
 * round the quoted $0.28 (768P, 6 s), $0.56 (768P, 10 s) and $0.49 (1080P, 6 s) up to whole cents a second
 * (resellers' quotes of MiniMax's list prices: UNVERIFIED against MiniMax directly).
 */
public final class MinimaxModels {
    /** No progress and no cancel; MiniMax POSTs a {@code callback_url} after its challenge. */
    public static final Capabilities CAPABILITIES = new Capabilities(false, Capabilities.Cancel.NONE, Capabilities.Progress.ESTIMATED, true, true, false);
    private static final List<String> SECONDS = List.of("6", "10");
    private static final List<String> SIZES = List.of("1366x768", "1920x1080");
    private static final Price PRICE = Price.perSecond(6).withSize("1920x1080", 9);

    private MinimaxModels() {}

    /** @param provider the channel or provider name the models are served by (e.g. {@code minimax}) */
    public static List<ModelDefinition> models(String provider) {
        return List.of(
                new ModelDefinition("MiniMax-Hailuo-2.3", SECONDS, SIZES, provider, Duration.ofMinutes(3), CAPABILITIES, PRICE),
                new ModelDefinition("MiniMax-Hailuo-02", SECONDS, SIZES, provider, Duration.ofMinutes(3), CAPABILITIES, PRICE));
    }
}
