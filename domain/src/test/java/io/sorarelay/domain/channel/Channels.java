package io.sorarelay.domain.channel;

import io.sorarelay.domain.ChannelId;

import java.util.Map;

/** Channels for the tests. */
final class Channels {
    private Channels() {}

    static Channel channel(String id, int priority, int weight, String... models) {
        Map<String, String> served = new java.util.HashMap<>();
        for (String m : models) served.put(m, m + "-upstream");
        return new Channel(new ChannelId(id), id, ProviderKind.OPENAI_COMPATIBLE, "https://" + id + ".example",
                new ChannelSecret("inline", "sk-" + id), served, priority, weight, 4, 0, true);
    }

    static Channel disabled(Channel c) {
        return new Channel(c.id(), c.name(), c.provider(), c.baseUrl(), c.credential(), c.models(), c.priority(), c.weight(),
                c.maxConcurrent(), c.maxRequestsPerSecond(), false);
    }
}
