package io.sorarelay.domain;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Catalogue entries for Alibaba's Wan text-to-video models on Model Studio (DashScope), under their DashScope names, for a
 * {@code wan} channel to serve. Sizes and lengths are what the models make (docs/providers.md); a reference image is
 * taken, the adapter moving the task to the model's image-to-video sibling. Prices in credits (US cents) a second,
 * rounded up from Model Studio's international list prices per resolution tier (wanx2.1-t2v-turbo's confirmed, the
 * others UNVERIFIED: docs/providers.md).
 */
public final class WanCatalogue {
    public static final String PROVIDER = "wan";
    /** DashScope cancels pending tasks only, reports no progress and has no callback; it takes {@code input.negative_prompt}. */
    public static final Capabilities CAPABILITIES =
            new Capabilities(false, Capabilities.Cancel.CANCELS, Capabilities.Progress.ESTIMATED, true, false, true);

    private static final List<String> P480 = List.of("832x480", "480x832", "624x624");
    private static final List<String> P720 = List.of("1280x720", "720x1280", "960x960", "1088x832", "832x1088");
    private static final List<String> P1080 = List.of("1920x1080", "1080x1920", "1440x1440", "1632x1248", "1248x1632");

    private WanCatalogue() {}

    public static List<ModelDefinition> models() {
        return List.of(
                // DashScope's newer protocol (resolution and ratio, images as media[]); 2 to 15 seconds. Its price is
                // assumed to be wan2.6's (UNVERIFIED: docs/providers.md).
                model("wan2.7-t2v", Stream.concat(Stream.of("5"), IntStream.rangeClosed(2, 15).filter(s -> s != 5).mapToObj(String::valueOf))
                        .toList(), sizes(P720, P1080), Duration.ofMinutes(4), byTier(10, 10, 15)),
                model("wan2.6-t2v", List.of("5", "10", "15"), sizes(P720, P1080), Duration.ofMinutes(4), byTier(10, 10, 15)),
                model("wan2.5-t2v-preview", List.of("5", "10"), sizes(P720, P480, P1080), Duration.ofMinutes(3), byTier(5, 10, 15)),
                model("wan2.2-t2v-plus", List.of("5"), sizes(P1080, P480), Duration.ofMinutes(3), byTier(2, 10, 10)),
                model("wanx2.1-t2v-turbo", List.of("5"), sizes(P720, P480), Duration.ofMinutes(2), byTier(4, 4, 4)));
    }

    private static ModelDefinition model(String name, List<String> seconds, List<String> sizes, Duration expected, Price price) {
        return new ModelDefinition(name, seconds, sizes, PROVIDER, expected, CAPABILITIES, price);
    }

    @SafeVarargs
    private static List<String> sizes(List<String>... tiers) { return Stream.of(tiers).flatMap(List::stream).toList(); }

    /** Credits a second at 480P, 720P and 1080P. */
    private static Price byTier(long p480, long p720, long p1080) {
        Price p = Price.perSecond(p720);
        for (String s : P480) p = p.withSize(s, p480);
        for (String s : P1080) p = p.withSize(s, p1080);
        return p;
    }
}
