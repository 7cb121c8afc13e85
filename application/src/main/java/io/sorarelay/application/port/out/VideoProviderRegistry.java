package io.sorarelay.application.port.out;

import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.channel.Channel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The channel directory: the configured upstreams by name. With {@link #channels()} (a {@code CHANNELS_FILE}, or
 * {@code SORA_API_BASE} alone as the one channel {@code "default"}) each name is a channel's id, submits are routed by
 * the channel-selection policy over the channels that serve the task's model, and a task's job stays on the channel
 * that accepted it. A registry without channels (an embedder's own providers) routes a task to the provider its
 * {@code apiConfigId} names, as before channels; {@code "default"} is always a valid name.
 */
public interface VideoProviderRegistry {
    Optional<VideoProvider> find(String name);

    Set<String> names();

    /** The configured channels, enabled or not, in configuration order; empty for a registry of plain providers. */
    default List<Channel> channels() { return List.of(); }

    /** The end of the 429 pause in force on the upstream {@code name}, if any (a budgeted registry knows it). */
    default Optional<Instant> pausedUntil(String name) { return Optional.empty(); }

    static VideoProviderRegistry single(VideoProvider provider) {
        return new VideoProviderRegistry() {
            public Optional<VideoProvider> find(String name) {
                return ModelCatalogue.DEFAULT_PROVIDER.equals(name) ? Optional.of(provider) : Optional.empty();
            }
            public Set<String> names() { return Set.of(ModelCatalogue.DEFAULT_PROVIDER); }
        };
    }

    /**
     * A directory of {@code channels}, each spoken to through its provider. Names are the channel ids, and
     * {@code "default"} (the name every task gets unless it asks for an upstream): a task with it is routed over
     * every channel serving its model.
     */
    static VideoProviderRegistry ofChannels(Map<Channel, VideoProvider> channels) {
        if (channels.isEmpty()) throw new IllegalArgumentException("a channel directory needs at least one channel");
        Map<String, VideoProvider> byId = new LinkedHashMap<>();
        channels.forEach((c, p) -> {
            if (byId.putIfAbsent(c.id().value(), p) != null) throw new IllegalArgumentException("channel " + c.id() + " twice");
        });
        List<Channel> list = List.copyOf(channels.keySet());
        Set<String> ordered = new LinkedHashSet<>();
        ordered.add(ModelCatalogue.DEFAULT_PROVIDER);
        ordered.addAll(byId.keySet());
        // Asked on every create: copied once, not per call.
        Set<String> names = Set.copyOf(ordered);
        return new VideoProviderRegistry() {
            @Override public Optional<VideoProvider> find(String name) { return Optional.ofNullable(byId.get(name)); }
            @Override public Set<String> names() { return names; }
            @Override public List<Channel> channels() { return list; }
        };
    }

    /**
     * The names whose upstream the sweep lists ({@link VideoProvider#swept}), each on its own: with channels, the channel ids (a task's job is
     * matched by its channel); without, the providers (a task's channel is the provider it named).
     */
    default Set<String> listing() {
        Set<String> out = new LinkedHashSet<>();
        for (String name : names()) if (find(name).filter(VideoProvider::swept).isPresent()) out.add(name);
        return out;
    }

    /** The provider of {@code channel}, if it is configured. */
    default Optional<VideoProvider> find(ChannelId channel) { return find(channel.value()); }
}
