package io.sorarelay.bootstrap;

import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.Price;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded mode's channels, all on built-in simulators: two OpenAI-compatible accounts serving the same models at
 * the same priority (stop or fault one and its tasks' new submits go to the other: failover to see), and a Runway
 * account on the first simulator's {@code /runway} API serving the catalogue's Runway models.
 */
final class EmbeddedChannels {
    /** Runway's Gen-4.5 under its public name: 2–10 s, landscape or portrait, progress reported, cancellable. */
    static final ModelDefinition RUNWAY_GEN45 = new ModelDefinition("runway-gen4.5", List.of("5", "10"),
            List.of("1280x720", "720x1280"), ModelCatalogue.DEFAULT_PROVIDER, Duration.ofMinutes(2),
            new Capabilities(false, Capabilities.Cancel.CANCELS, Capabilities.Progress.REPORTED, true, false, false),
            Price.perSecond(12));

    private EmbeddedChannels() {}

    /** The catalogue with the models only the embedded Runway channel serves. */
    static ModelCatalogue catalogue(ModelCatalogue base) { return base.with(RUNWAY_GEN45); }

    /**
     * @param openAiA  the first simulator's OpenAI-compatible base URL (its {@code /runway} API is on the same port)
     * @param runwayA  the first simulator's Runway base URL
     * @param openAiB  the second simulator's OpenAI-compatible base URL
     */
    static List<Channel> channels(ModelCatalogue catalogue, String openAiA, String runwayA, String keyA, String openAiB, String keyB,
                                  int maxConcurrent) {
        Map<String, String> openAiModels = new LinkedHashMap<>();
        for (ModelDefinition m : catalogue.models())
            if (!m.name().equals(RUNWAY_GEN45.name())) openAiModels.put(m.name(), m.name());
        return List.of(
                new Channel(new ChannelId("sim-a"), "simulator A", ProviderKind.OPENAI_COMPATIBLE, openAiA,
                        new ChannelSecret("embedded", keyA), openAiModels, 10, 1, maxConcurrent, 0, true),
                new Channel(new ChannelId("sim-b"), "simulator B", ProviderKind.OPENAI_COMPATIBLE, openAiB,
                        new ChannelSecret("embedded", keyB), openAiModels, 10, 1, maxConcurrent, 0, true),
                new Channel(new ChannelId("sim-runway"), "simulator Runway", ProviderKind.RUNWAY, runwayA,
                        new ChannelSecret("embedded", keyA), Map.of(RUNWAY_GEN45.name(), "gen4.5"), 10, 1, maxConcurrent, 0, true));
    }
}
