package io.sorarelay.domain;

import java.util.regex.Pattern;

/**
 * A channel's id: one account at one provider ({@code openai-main}, {@code runway-eu}). A task
 * records the channel that holds its upstream job, since the job's id means something there only.
 */
public record ChannelId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** The one channel that {@code SORA_API_BASE}/{@code SORA_API_KEY} make, and the channel of every task from before channels. */
    public static final ChannelId DEFAULT = new ChannelId(ModelCatalogue.DEFAULT_PROVIDER);

    public ChannelId {
        if (value == null || !FORM.matcher(value).matches())
            throw new InvalidValueException("id", "a channel id is 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    }

    @Override public String toString() { return value; }
}
