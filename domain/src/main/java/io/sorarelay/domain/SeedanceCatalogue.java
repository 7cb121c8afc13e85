package io.sorarelay.domain;

import java.time.Duration;
import java.util.List;

/**
 * Catalogue entries for ByteDance's Seedance models on BytePlus ModelArk / Volcengine Ark, under their BytePlus ids (a
 * Volcengine channel maps them to the {@code doubao-} ids), for a {@code seedance} channel to serve. Sizes are the
 * ratio × resolution pairs Ark makes, in the sizes our API speaks (the adapter matches 1280x720 to Ark's 720p 16:9).
 * Ark bills tokens (width × height × 24 fps × seconds / 1024): the prices here are credits (US cents) a second, rounded
 * up from the per-million-token list prices (UNVERIFIED: docs/providers.md).
 */
public final class SeedanceCatalogue {
    public static final String PROVIDER = "seedance";
    /** Ark cancels queued tasks only, reports no progress, and posts to a {@code callback_url}. */
    public static final Capabilities CAPABILITIES =
            new Capabilities(false, Capabilities.Cancel.CANCELS, Capabilities.Progress.ESTIMATED, true, true, false);

    private static final List<String> P480 = List.of("854x480", "480x854", "640x640");
    private static final List<String> P720 = List.of("1280x720", "720x1280", "960x960");
    private static final List<String> P1080 = List.of("1920x1080", "1080x1920", "1440x1440");
    private static final List<String> SECONDS = List.of("5", "10", "2", "3", "4", "6", "7", "8", "9", "11", "12");

    private SeedanceCatalogue() {}

    public static List<ModelDefinition> models() {
        return List.of(
                model("seedance-1-0-pro-250528", true, Duration.ofMinutes(2), byTier(3, 6, 13)),
                model("seedance-1-0-pro-fast-251015", true, Duration.ofMinutes(1), byTier(1, 3, 5)),
                model("seedance-1-0-lite-t2v-250428", false, Duration.ofMinutes(1), byTier(2, 4, 9)));
    }

    private static ModelDefinition model(String name, boolean image, Duration expected, Price price) {
        List<String> sizes = java.util.stream.Stream.of(P720, P1080, P480).flatMap(List::stream).toList();
        Capabilities caps = image ? CAPABILITIES
                : new Capabilities(false, Capabilities.Cancel.CANCELS, Capabilities.Progress.ESTIMATED, false, true, false);
        return new ModelDefinition(name, SECONDS, sizes, PROVIDER, expected, caps, price);
    }

    /** Credits a second at 480p, 720p and 1080p. */
    private static Price byTier(long p480, long p720, long p1080) {
        Price p = Price.perSecond(p720);
        for (String s : P480) p = p.withSize(s, p480);
        for (String s : P1080) p = p.withSize(s, p1080);
        return p;
    }
}
