package io.sorarelay.application.service;

import io.sorarelay.application.port.out.ChannelClientsPort;
import io.sorarelay.application.port.out.ChannelStorePort;
import io.sorarelay.application.port.out.ChannelStorePort.StoredChannel;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.channel.Channel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The channel directory the engine routes by, read from the {@link ChannelStorePort} and rebuilt when the store's
 * revision moves ({@link #refresh()}: after a change on this node at once, and on a short interval for the others').
 * A deleted channel stays in it, disabled: no new submit goes there, and the tasks pinned to it still reach it. A
 * channel whose settings did not change keeps its adapter.
 */
public final class ChannelDirectory implements VideoProviderRegistry {
    private static final System.Logger LOG = System.getLogger(ChannelDirectory.class.getName());
    private static final VideoProviderRegistry NONE = new VideoProviderRegistry() {
        public Optional<VideoProvider> find(String name) { return Optional.empty(); }
        public Set<String> names() { return Set.of(ModelCatalogue.DEFAULT_PROVIDER); }
    };

    private final ChannelStorePort store;
    private final ChannelClientsPort clients;
    private final Function<Map<Channel, VideoProvider>, VideoProviderRegistry> wrap;
    private Map<Channel, VideoProvider> adapters = Map.of();
    private long revision = -1;
    private volatile VideoProviderRegistry current = NONE;

    /** @param wrap what every rebuilt directory is served through (the upstream budget, the call timings) */
    public ChannelDirectory(ChannelStorePort store, ChannelClientsPort clients, Function<Map<Channel, VideoProvider>, VideoProviderRegistry> wrap) {
        this.store = store;
        this.clients = clients;
        this.wrap = wrap;
        refresh();
    }

    /** Rebuilds the directory when the store changed since the last look; whether it did. */
    public synchronized boolean refresh() {
        long now = store.revision();
        if (now == revision) return false;
        List<StoredChannel> stored = store.list();
        Map<Channel, VideoProvider> next = new LinkedHashMap<>();
        for (StoredChannel s : stored) {
            Channel c = s.deleted() ? s.channel().withEnabled(false) : s.channel();
            VideoProvider kept = adapters.get(c);
            try {
                next.put(c, kept != null ? kept : clients.client(c));
            } catch (IllegalArgumentException e) {
                // Refused on the admin API's write already; a row written otherwise must not stop every other channel.
                LOG.log(System.Logger.Level.WARNING, "channel " + c.id() + " left out of the directory: its adapter cannot be made");
            }
        }
        current = next.isEmpty() ? NONE : wrap.apply(next);
        adapters = next;
        revision = now;
        return true;
    }

    @Override public Optional<VideoProvider> find(String name) { return current.find(name); }

    @Override public Set<String> names() { return current.names(); }

    @Override public List<Channel> channels() { return current.channels(); }

    @Override public Optional<Instant> pausedUntil(String name) { return current.pausedUntil(name); }
}
