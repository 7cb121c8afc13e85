package io.sorarelay.adapter.postgres;

/**
 * A stored channel credential that does not decrypt with the key given: another key encrypted it, or the value was
 * copied from another channel's row. The message names the channel, never the key or the credential.
 */
public final class ChannelSecretsException extends IllegalStateException {
    ChannelSecretsException(String message) { super(message); }
}
