package io.sorarelay.domain.channel;

import java.util.Arrays;
import java.util.Optional;

/** A protocol the relay can speak to an upstream; a channel is one account at one of them. */
public enum ProviderKind {
    OPENAI_COMPATIBLE("openai-compatible"),
    VEO("veo"),
    RUNWAY("runway"),
    WAN("wan"),
    SEEDANCE("seedance"),
    KLING("kling"),
    MINIMAX("minimax");

    private final String wireName;

    ProviderKind(String wireName) { this.wireName = wireName; }

    /** The name configuration and the admin API use ({@code openai-compatible}, {@code runway}, ...). */
    public String wireName() { return wireName; }

    public static Optional<ProviderKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }
}
