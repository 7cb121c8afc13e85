package io.sorarelay.bootstrap;

import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.SeedanceCatalogue;
import io.sorarelay.domain.WanCatalogue;
import io.sorarelay.domain.catalogue.KlingModels;
import io.sorarelay.domain.catalogue.MinimaxModels;
import io.sorarelay.domain.catalogue.VeoModels;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ProviderKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models each native provider serves, with their real constraints and prices, and the catalogue entries a channel
 * of such a provider brings: a channel mapping a public name to one of its provider's models makes that public name
 * a model of the catalogue, unless the catalogue (or {@code EXTRA_MODELS}) already defines it.
 */
final class NativeModels {
    private static final Map<ProviderKind, List<ModelDefinition>> BY_KIND = Map.of(
            ProviderKind.WAN, WanCatalogue.models(),
            ProviderKind.SEEDANCE, SeedanceCatalogue.models(),
            ProviderKind.VEO, VeoModels.models(ModelCatalogue.DEFAULT_PROVIDER),
            ProviderKind.KLING, KlingModels.models(ModelCatalogue.DEFAULT_PROVIDER),
            ProviderKind.MINIMAX, MinimaxModels.models(ModelCatalogue.DEFAULT_PROVIDER));

    private NativeModels() {}

    /** The provider's own models (empty for the OpenAI-compatible and Runway protocols, whose models come from elsewhere). */
    static List<ModelDefinition> of(ProviderKind kind) { return BY_KIND.getOrDefault(kind, List.of()); }

    /** {@code base} with the public models the channels serve from their providers' own lists. */
    static ModelCatalogue withChannelModels(ModelCatalogue base, List<Channel> channels) {
        ModelCatalogue out = base;
        for (Channel c : channels)
            for (Map.Entry<String, String> m : c.models().entrySet()) {
                if (out.find(m.getKey()).isPresent()) continue;
                Optional<ModelDefinition> own = of(c.provider()).stream().filter(d -> d.name().equals(m.getValue())).findFirst();
                if (own.isPresent()) out = out.with(renamed(own.get(), m.getKey()));
            }
        return out;
    }

    private static ModelDefinition renamed(ModelDefinition d, String publicName) {
        return new ModelDefinition(publicName, d.seconds(), d.sizes(), ModelCatalogue.DEFAULT_PROVIDER, d.expectedDuration(),
                d.capabilities(), d.price());
    }
}
