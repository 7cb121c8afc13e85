package io.sorarelay.application.port.out;

import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ProviderKind;

/** Makes the provider adapter that speaks to a channel (its protocol, base URL and credential). */
public interface ChannelClientsPort {

    /** The adapter of {@code channel}; an {@link IllegalArgumentException} when its credential cannot be used by its protocol. */
    VideoProvider client(Channel channel);

    /** Whether this build can speak {@code kind}. */
    boolean supports(ProviderKind kind);
}
