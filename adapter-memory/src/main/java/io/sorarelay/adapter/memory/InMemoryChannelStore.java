package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.ChannelStorePort;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.channel.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The channels in memory: one process's own, for embedded mode and tests. */
public final class InMemoryChannelStore implements ChannelStorePort {
    private final Map<String, StoredChannel> channels = new TreeMap<>();
    private long revision;

    @Override public synchronized List<StoredChannel> list() { return List.copyOf(channels.values()); }

    @Override public synchronized Optional<StoredChannel> find(ChannelId id) { return Optional.ofNullable(channels.get(id.value())); }

    @Override
    public synchronized boolean seedIfEmpty(List<Channel> seed, Instant at) {
        if (!channels.isEmpty()) return false;
        for (Channel c : seed)
            if (create(c, at).isEmpty()) throw new IllegalArgumentException("channel " + c.id() + " twice");
        return true;
    }

    @Override
    public synchronized Optional<StoredChannel> create(Channel channel, Instant at) {
        if (channels.containsKey(channel.id().value())) return Optional.empty();
        StoredChannel stored = new StoredChannel(channel, ++revision, at, false);
        channels.put(channel.id().value(), stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized Optional<StoredChannel> replace(Channel channel, long expectedVersion, boolean deleted, Instant at) {
        StoredChannel old = channels.get(channel.id().value());
        if (old == null || old.version() != expectedVersion) return Optional.empty();
        StoredChannel stored = new StoredChannel(channel, ++revision, at, deleted);
        channels.put(channel.id().value(), stored);
        return Optional.of(stored);
    }

    @Override public synchronized long revision() { return revision; }
}
