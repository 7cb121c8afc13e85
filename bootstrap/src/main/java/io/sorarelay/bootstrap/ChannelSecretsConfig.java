package io.sorarelay.bootstrap;

import io.sorarelay.adapter.postgres.ChannelSecretsKey;

import java.util.Optional;
import java.util.function.Function;

/**
 * The keys of the channels' credentials in the database (docs/channels.md, "Credentials at rest"): each the base64 of
 * 32 random bytes, the same on every node.
 *
 * @param key      {@code CHANNEL_SECRETS_KEY}: what credentials are encrypted with; required with {@code DATABASE_URL}
 * @param previous {@code CHANNEL_SECRETS_PREVIOUS_KEY}: during a rotation, the key being replaced; credentials stored
 *                 under it are read and written again under {@code key} at start (docs/deployment.md, "Channel secrets")
 */
public record ChannelSecretsConfig(Optional<ChannelSecretsKey> key, Optional<ChannelSecretsKey> previous) {
    public static final String KEY = "CHANNEL_SECRETS_KEY";
    public static final String PREVIOUS_KEY = "CHANNEL_SECRETS_PREVIOUS_KEY";

    static ChannelSecretsConfig read(Function<String, Optional<String>> text) {
        ChannelSecretsConfig c = new ChannelSecretsConfig(text.apply(KEY).map(v -> parse(KEY, v)),
                text.apply(PREVIOUS_KEY).map(v -> parse(PREVIOUS_KEY, v)));
        if (c.previous.isPresent() && c.key.isEmpty()) throw new ConfigException(PREVIOUS_KEY + " needs " + KEY + " (the key to rotate to)");
        return c;
    }

    /** The value is never in the message: a key pasted into the wrong variable must not end up in a log. */
    private static ChannelSecretsKey parse(String variable, String base64) {
        try {
            return ChannelSecretsKey.fromBase64(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable + " " + e.getMessage());
        }
    }

    /** Just {@code key}, no rotation under way. */
    static ChannelSecretsConfig of(ChannelSecretsKey key) { return new ChannelSecretsConfig(Optional.of(key), Optional.empty()); }

    /** For {@code RelayConfig.toString()}: whether each is set, never a key. */
    String describe() {
        return key.isEmpty() ? "none" : previous.isEmpty() ? "set" : "set, rotating from the previous";
    }
}
