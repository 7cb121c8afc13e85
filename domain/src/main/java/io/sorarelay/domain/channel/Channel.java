package io.sorarelay.domain.channel;

import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.InvalidValueException;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One account at one provider: where to call ({@link #baseUrl}), with which credential, which public
 * models it serves under which of the provider's names, and how the selection policy treats it.
 *
 * @param models               public model name → the provider's model name
 * @param priority             higher is tried first
 * @param weight               share of the traffic among enabled channels of equal priority
 * @param maxConcurrent        jobs this account may have in flight (submits and polls alike)
 * @param maxRequestsPerSecond calls per second to this account; 0 = no limit of ours
 */
public record Channel(ChannelId id, String name, ProviderKind provider, String baseUrl, ChannelSecret credential,
                      Map<String, String> models, int priority, int weight, int maxConcurrent, int maxRequestsPerSecond,
                      boolean enabled) {
    public static final int MAX_WEIGHT = 1_000_000;

    public Channel {
        Objects.requireNonNull(id);
        Objects.requireNonNull(provider);
        Objects.requireNonNull(credential);
        if (name == null || name.isBlank()) throw new InvalidValueException("name", "a channel needs a name");
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://")))
            throw new InvalidValueException("baseUrl", "baseUrl must be an http:// or https:// URL");
        models = Map.copyOf(models);
        if (models.isEmpty()) throw new InvalidValueException("models", "a channel must serve at least one model");
        models.forEach((pub, own) -> {
            if (pub.isBlank() || own.isBlank()) throw new InvalidValueException("models", "model names must not be blank");
        });
        if (weight < 1 || weight > MAX_WEIGHT) throw new InvalidValueException("weight", "weight must be 1 to " + MAX_WEIGHT);
        if (maxConcurrent < 1) throw new InvalidValueException("maxConcurrent", "maxConcurrent must be at least 1");
        if (maxRequestsPerSecond < 0) throw new InvalidValueException("maxRequestsPerSecond", "maxRequestsPerSecond must not be negative");
    }

    /** This channel enabled or disabled. */
    public Channel withEnabled(boolean on) {
        return new Channel(id, name, provider, baseUrl, credential, models, priority, weight, maxConcurrent, maxRequestsPerSecond, on);
    }

    public boolean serves(String publicModel) {
        return models.containsKey(publicModel);
    }

    /** The provider's own name of a public model this channel serves. */
    public Optional<String> providerModel(String publicModel) {
        return Optional.ofNullable(models.get(publicModel));
    }
}
