package io.sorarelay.bootstrap;

import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.CallbackTokens;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.simulator.SoraSimulator;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Embedded mode's channels and models as the engine bench ({@code bench/engine.sh}) needs them, one provider at a time:
 * the bench gives each provider a simulator of its own, so that simulator's counters are that provider's calls alone.
 * Everything comes from {@link EmbeddedChannels}, {@link NativeModels} and {@link ChannelProviders}, as the server
 * assembles them.
 */
public final class BenchProviders {
    /** Every protocol embedded mode serves, OpenAI-compatible first. */
    public static final List<ProviderKind> ALL = List.of(ProviderKind.OPENAI_COMPATIBLE, ProviderKind.RUNWAY, ProviderKind.WAN,
            ProviderKind.SEEDANCE, ProviderKind.VEO, ProviderKind.KLING, ProviderKind.MINIMAX);

    private BenchProviders() {}

    /** The catalogue with the models embedded mode's Runway and native channels bring. */
    public static ModelCatalogue catalogue(ModelCatalogue base) { return EmbeddedChannels.catalogue(base); }

    /** The channel embedded mode gives {@code kind} (for the OpenAI-compatible protocol, {@code sim-a}), on {@code sim}. */
    public static Channel channel(ProviderKind kind, ModelCatalogue base, SoraSimulator sim, String key, int maxConcurrent) {
        return EmbeddedChannels.channels(base, sim, key, sim.baseUrl(), key, maxConcurrent).stream()
                .filter(c -> c.provider() == kind).findFirst().orElseThrow();
    }

    /**
     * The OpenAI-compatible upstream as {@code SORA_API_BASE} alone configures it: the one channel {@code default}, which
     * the upstream sweep lists (with several channels it lists none: docs/channels.md, "Not built yet").
     */
    public static List<Channel> soraApiAlone(ModelCatalogue base, SoraSimulator sim, String key, int maxConcurrent) {
        return ChannelsFile.fromSoraApi(Optional.of(URI.create(sim.baseUrl())), Optional.of(key), base, maxConcurrent, 0);
    }

    /** The public model the bench asks {@code kind} for: the catalogue's default, Runway's Gen-4.5, or the provider's first. */
    public static String model(ProviderKind kind, ModelCatalogue base) {
        return switch (kind) {
            case OPENAI_COMPATIBLE -> base.defaultModel();
            case RUNWAY -> EmbeddedChannels.RUNWAY_GEN45.name();
            default -> NativeModels.of(kind).getFirst().name();
        };
    }

    /** The channel directory over {@code channels}, each with its protocol's adapter. */
    public static VideoProviderRegistry directory(List<Channel> channels, Duration upstreamTimeout) {
        return ChannelProviders.directory(channels, upstreamTimeout);
    }

    /**
     * The same with {@code PUBLIC_BASE_URL} set to {@code publicBaseUrl}: Seedance, Kling and MiniMax tasks are created with
     * a {@code callback_url} below it carrying a token of {@code tokens} (the relay is to receive them with the same tokens).
     */
    public static VideoProviderRegistry directory(List<Channel> channels, Duration upstreamTimeout, URI publicBaseUrl, CallbackTokens tokens) {
        return ChannelProviders.directory(channels, upstreamTimeout, Optional.of(new ChannelProviders.Callbacks(publicBaseUrl, tokens)));
    }
}
