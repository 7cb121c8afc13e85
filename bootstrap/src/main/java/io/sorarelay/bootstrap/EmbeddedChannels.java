package io.sorarelay.bootstrap;

import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.Price;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;

import io.sorarelay.simulator.SoraSimulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded mode's channels, all on built-in simulators: two OpenAI-compatible accounts serving the same models at
 * the same priority (stop or fault one and its tasks' new submits go to the other: failover to see), a Runway
 * account on the first simulator's {@code /runway} API serving the catalogue's Runway models, and one account per
 * native provider (Wan, Seedance, Veo, Kling, MiniMax) on the first simulator's mode of that protocol, serving the
 * provider's models under their own names.
 */
final class EmbeddedChannels {
    /** Runway's Gen-4.5 under its public name: 2–10 s, landscape or portrait, progress reported, cancellable. */
    static final ModelDefinition RUNWAY_GEN45 = new ModelDefinition("runway-gen4.5", List.of("5", "10"),
            List.of("1280x720", "720x1280"), ModelCatalogue.DEFAULT_PROVIDER, Duration.ofMinutes(2),
            new Capabilities(false, Capabilities.Cancel.CANCELS, Capabilities.Progress.REPORTED, true, false, false),
            Price.perSecond(12));

    private EmbeddedChannels() {}

    private static final List<ProviderKind> NATIVE = List.of(ProviderKind.WAN, ProviderKind.SEEDANCE, ProviderKind.VEO,
            ProviderKind.KLING, ProviderKind.MINIMAX);

    /** The catalogue with the models only the embedded Runway and native providers' channels serve. */
    static ModelCatalogue catalogue(ModelCatalogue base) {
        ModelCatalogue out = base.with(RUNWAY_GEN45);
        for (ProviderKind kind : NATIVE)
            for (ModelDefinition m : NativeModels.of(kind))
                if (out.find(m.name()).isEmpty())
                    out = out.with(new ModelDefinition(m.name(), m.seconds(), m.sizes(), ModelCatalogue.DEFAULT_PROVIDER,
                            m.expectedDuration(), m.capabilities(), m.price()));
        return out;
    }

    /** The first simulator's base URL of each native protocol, as that provider's client expects it. */
    private static String nativeBaseUrl(SoraSimulator sim, ProviderKind kind) {
        return switch (kind) {
            case WAN -> sim.wanBaseUrl();
            case SEEDANCE -> sim.seedanceBaseUrl();
            case VEO -> sim.veoBaseUrl();
            case KLING -> sim.klingBaseUrl();
            case MINIMAX -> sim.minimaxBaseUrl();
            default -> throw new IllegalArgumentException(kind + " is not a native provider");
        };
    }

    /**
     * @param simA    the first simulator (OpenAI-compatible, and the Runway and native providers' modes on the same port)
     * @param base    the catalogue before the embedded channels' own models: the OpenAI-compatible accounts serve it
     * @param openAiB the second simulator's OpenAI-compatible base URL
     */
    static List<Channel> channels(ModelCatalogue base, SoraSimulator simA, String keyA, String openAiB, String keyB,
                                  int maxConcurrent) {
        Map<String, String> openAiModels = new LinkedHashMap<>();
        for (ModelDefinition m : base.models())
            if (!m.name().equals(RUNWAY_GEN45.name())) openAiModels.put(m.name(), m.name());
        String openAiA = simA.baseUrl();
        String runwayA = simA.runwayBaseUrl();
        List<Channel> out = new ArrayList<>(List.of(
                new Channel(new ChannelId("sim-a"), "simulator A", ProviderKind.OPENAI_COMPATIBLE, openAiA,
                        new ChannelSecret("embedded", keyA), openAiModels, 10, 1, maxConcurrent, 0, true),
                new Channel(new ChannelId("sim-b"), "simulator B", ProviderKind.OPENAI_COMPATIBLE, openAiB,
                        new ChannelSecret("embedded", keyB), openAiModels, 10, 1, maxConcurrent, 0, true),
                new Channel(new ChannelId("sim-runway"), "simulator Runway", ProviderKind.RUNWAY, runwayA,
                        new ChannelSecret("embedded", keyA), Map.of(RUNWAY_GEN45.name(), "gen4.5"), 10, 1, maxConcurrent, 0, true)));
        for (ProviderKind kind : NATIVE) {
            Map<String, String> models = new LinkedHashMap<>();
            for (ModelDefinition m : NativeModels.of(kind)) models.put(m.name(), m.name());
            // Kling signs with an access key and a secret key; the simulator takes its one key as both.
            String credential = kind == ProviderKind.KLING ? keyA + ":" + keyA : keyA;
            out.add(new Channel(new ChannelId("sim-" + kind.wireName()), "simulator " + kind.wireName(), kind, nativeBaseUrl(simA, kind),
                    new ChannelSecret("embedded", credential), models, 10, 1, maxConcurrent, 0, true));
        }
        return List.copyOf(out);
    }
}
