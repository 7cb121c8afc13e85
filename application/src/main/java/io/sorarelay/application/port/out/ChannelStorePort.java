package io.sorarelay.application.port.out;

import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.channel.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The channels the admin API manages, shared by every node. A channel is never removed: a deleted one is kept (disabled,
 * {@link StoredChannel#deleted()}) so the tasks pinned to it still reach it for polls, cancel and content. Every write
 * gives the channel a new {@link StoredChannel#version()}, larger than any before in the store, so {@link #revision()}
 * tells a node whether anything changed since it last read.
 */
public interface ChannelStorePort {

    /** A stored channel with its version (for compare-and-set updates) and the time of its last change. */
    record StoredChannel(Channel channel, long version, Instant updatedAt, boolean deleted) {
        public StoredChannel {
            Objects.requireNonNull(channel); Objects.requireNonNull(updatedAt);
        }

        public ChannelId id() { return channel.id(); }
    }

    /** Every channel, deleted ones too, by id. */
    List<StoredChannel> list();

    /** The channel with this id, deleted or not. */
    Optional<StoredChannel> find(ChannelId id);

    /** Stores {@code channels} when the store holds none (one node wins when several start at once); whether it did. */
    boolean seedIfEmpty(List<Channel> channels, Instant at);

    /** Stores a new channel; empty when the id is taken (by a deleted channel too). */
    Optional<StoredChannel> create(Channel channel, Instant at);

    /**
     * Replaces the channel of the same id if its version is still {@code expectedVersion}; empty when it is not (another
     * write came first) or there is no such channel.
     */
    Optional<StoredChannel> replace(Channel channel, long expectedVersion, boolean deleted, Instant at);

    /** The largest version in the store (0 when empty): it changes with every write. */
    long revision();
}
