package io.sorarelay.bootstrap;

import io.sorarelay.adapter.kling.KlingClientConfig;
import io.sorarelay.adapter.kling.KlingHttpClient;
import io.sorarelay.adapter.minimax.MinimaxClientConfig;
import io.sorarelay.adapter.minimax.MinimaxHttpClient;
import io.sorarelay.adapter.providerhttp.CallbackUrls;
import io.sorarelay.adapter.runway.RunwayClientConfig;
import io.sorarelay.adapter.runway.RunwayHttpClient;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.seedance.SeedanceClientConfig;
import io.sorarelay.adapter.seedance.SeedanceHttpClient;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.adapter.veo.VeoClientConfig;
import io.sorarelay.adapter.veo.VeoHttpClient;
import io.sorarelay.adapter.wan.WanClientConfig;
import io.sorarelay.adapter.wan.WanHttpClient;
import io.sorarelay.application.port.out.ChannelClientsPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.CallbackTokens;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ProviderKind;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The provider adapter of each channel, by its protocol. A new protocol is one line in {@link #FACTORIES}: a function
 * from the channel (its base URL and credential) and its {@link Wiring} (the upstream timeout, the callback URLs) to the adapter.
 */
final class ChannelProviders {
    private static final Map<ProviderKind, BiFunction<Channel, Wiring, VideoProvider>> FACTORIES = new EnumMap<>(ProviderKind.class);

    /**
     * What a channel's adapter is built with besides the channel: the upstream timeout, and where the providers that
     * call back are to POST a task's news (empty: no {@code callback_url} is sent, the engine polls).
     */
    record Wiring(Duration timeout, Optional<Callbacks> callbacks) {
        Optional<CallbackUrls> callbacksOf(ProviderKind kind) { return callbacks.map(c -> c.urls(kind)); }
    }

    /** The node's public base URL and the per-task tokens: {@code PUBLIC_BASE_URL/api/callbacks/{provider}/{video}/{token}}. */
    record Callbacks(URI publicBaseUrl, CallbackTokens tokens) {
        CallbackUrls urls(ProviderKind kind) { return CallbackUrls.at(publicBaseUrl, video -> tokens.path(kind.wireName(), video)); }
    }

    static {
        FACTORIES.put(ProviderKind.OPENAI_COMPATIBLE, (c, w) ->
                new SoraHttpClient(SoraClientConfig.of(c.baseUrl(), c.credential().reveal()).withRequestTimeout(w.timeout())));
        FACTORIES.put(ProviderKind.RUNWAY, (c, w) ->
                new RunwayHttpClient(RunwayClientConfig.of(c.baseUrl(), c.credential().reveal()).withRequestTimeout(w.timeout())));
        FACTORIES.put(ProviderKind.WAN, (c, w) ->
                new WanHttpClient(WanClientConfig.of(c.baseUrl(), c.credential().reveal()).withRequestTimeout(w.timeout())));
        FACTORIES.put(ProviderKind.SEEDANCE, (c, w) -> {
            SeedanceClientConfig config = SeedanceClientConfig.of(c.baseUrl(), c.credential().reveal());
            return new SeedanceHttpClient(w.callbacksOf(ProviderKind.SEEDANCE).map(config::withCallbacks).orElse(config));
        });
        // Veo is GA on Vertex AI; the Gemini API's shape is taken for any other base URL (docs/providers-veo-kling-minimax.md).
        // Only the Gemini API has webhooks (a dynamic one per create); Vertex AI's config ignores the callbacks.
        FACTORIES.put(ProviderKind.VEO, (c, w) -> {
            VeoClientConfig config = c.baseUrl().contains("aiplatform.googleapis.com")
                    ? VeoClientConfig.vertexExpress(c.baseUrl(), c.credential().reveal()) : VeoClientConfig.of(c.baseUrl(), c.credential().reveal());
            return new VeoHttpClient(w.callbacksOf(ProviderKind.VEO).map(config::withCallbacks).orElse(config));
        });
        FACTORIES.put(ProviderKind.KLING, (c, w) -> {
            KlingKeys keys = KlingKeys.parse(c);
            KlingClientConfig config = KlingClientConfig.of(c.baseUrl(), keys.accessKey(), keys.secretKey());
            return new KlingHttpClient(w.callbacksOf(ProviderKind.KLING).map(config::withCallbacks).orElse(config));
        });
        FACTORIES.put(ProviderKind.MINIMAX, (c, w) -> {
            MinimaxClientConfig config = MinimaxClientConfig.of(c.baseUrl(), c.credential().reveal());
            return new MinimaxHttpClient(w.callbacksOf(ProviderKind.MINIMAX).map(config::withCallbacks).orElse(config));
        });
    }

    /** Kling signs each call with a JWT made from two keys: its channel credential is {@code accessKey:secretKey}. */
    record KlingKeys(String accessKey, String secretKey) {
        static KlingKeys parse(Channel c) {
            String both = c.credential().reveal();
            int colon = both.indexOf(':');
            if (colon <= 0 || colon == both.length() - 1)
                throw new ConfigException(ChannelsFile.VARIABLE + ": channel '" + c.id()
                        + "' (kling) needs its credential as accessKey:secretKey");
            return new KlingKeys(both.substring(0, colon), both.substring(colon + 1));
        }

        @Override public String toString() { return "KlingKeys[redacted]"; }
    }

    private ChannelProviders() {}

    /** The protocols this build can speak. */
    static boolean supports(ProviderKind kind) { return FACTORIES.containsKey(kind); }

    /** Each channel's adapter by its protocol, as the stored channels' directory and the admin API's test call make them. */
    static ChannelClientsPort clients(Duration upstreamTimeout, Optional<Callbacks> callbacks) {
        Wiring wiring = new Wiring(upstreamTimeout, callbacks);
        return new ChannelClientsPort() {
            @Override public VideoProvider client(Channel channel) {
                BiFunction<Channel, Wiring, VideoProvider> factory = FACTORIES.get(channel.provider());
                if (factory == null) throw new IllegalArgumentException("provider " + channel.provider().wireName() + " is not supported");
                try {
                    return factory.apply(channel, wiring);
                } catch (ConfigException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }

            @Override public boolean supports(ProviderKind kind) { return ChannelProviders.supports(kind); }
        };
    }

    /** The channel directory over {@code channels}, each with its protocol's adapter. */
    static VideoProviderRegistry directory(List<Channel> channels, Duration upstreamTimeout) {
        return directory(channels, upstreamTimeout, Optional.empty());
    }

    /** The same, the providers that call back given {@code callback_url}s under {@code callbacks} (when present). */
    static VideoProviderRegistry directory(List<Channel> channels, Duration upstreamTimeout, Optional<Callbacks> callbacks) {
        Wiring wiring = new Wiring(upstreamTimeout, callbacks);
        Map<Channel, VideoProvider> providers = new LinkedHashMap<>();
        for (Channel c : channels) {
            BiFunction<Channel, Wiring, VideoProvider> factory = FACTORIES.get(c.provider());
            if (factory == null)
                throw new ConfigException(ChannelsFile.VARIABLE + ": channel '" + c.id() + "' uses provider '" + c.provider().wireName()
                        + "', which this build cannot speak yet; supported: "
                        + FACTORIES.keySet().stream().map(ProviderKind::wireName).toList());
            providers.put(c, factory.apply(c, wiring));
        }
        return VideoProviderRegistry.ofChannels(providers);
    }

    /** Ready when at least one enabled channel answers its probe: one account down is what failover is for. */
    static boolean anyReachable(VideoProviderRegistry directory) {
        return directory.channels().stream().filter(Channel::enabled)
                .anyMatch(c -> directory.find(c.id()).map(p -> p.probe() instanceof VideoProvider.Result.Ok<Boolean>).orElse(false));
    }
}
