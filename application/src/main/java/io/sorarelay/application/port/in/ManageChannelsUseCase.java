package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin API's channels: list, read, create, change, enable, disable, delete and test. A channel's credential is
 * written, never read back: a {@link ChannelView} says only whether one is set and, for a long one, its last four
 * characters. Every change is written to the audit log with the secret left out.
 */
public interface ManageChannelsUseCase {

    /** A channel as the admin API shows it. */
    record ChannelView(String id, String name, String provider, String baseUrl, boolean credentialSet, Optional<String> credentialHint,
                       Map<String, String> models, int priority, int weight, int maxConcurrent, int maxRequestsPerSecond,
                       boolean enabled, boolean deleted, long version, Instant updatedAt) {}

    /**
     * The fields a request sets; absent ones are left as they are (or take their defaults on create). Its
     * {@link #toString()} never shows the credential.
     */
    record ChannelChanges(Optional<String> id, Optional<String> name, Optional<String> provider, Optional<String> baseUrl,
                          Optional<String> credential, Optional<Map<String, String>> models, Optional<Integer> priority,
                          Optional<Integer> weight, Optional<Integer> maxConcurrent, Optional<Integer> maxRequestsPerSecond,
                          Optional<Boolean> enabled) {
        public ChannelChanges {
            Objects.requireNonNull(id); Objects.requireNonNull(name); Objects.requireNonNull(provider); Objects.requireNonNull(baseUrl);
            Objects.requireNonNull(credential); Objects.requireNonNull(models); Objects.requireNonNull(priority);
            Objects.requireNonNull(weight); Objects.requireNonNull(maxConcurrent); Objects.requireNonNull(maxRequestsPerSecond);
            Objects.requireNonNull(enabled);
            models = models.map(Map::copyOf);
        }

        public static ChannelChanges none() {
            return new ChannelChanges(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        @Override public String toString() {
            return "ChannelChanges[id=" + id + ", provider=" + provider + ", baseUrl=" + baseUrl + ", credential="
                    + credential.map(c -> "redacted") + ", models=" + models + "]";
        }
    }

    /** What a test call to the channel found: {@code error} is a class of failure, never the upstream's words. */
    record ProbeReport(String channel, boolean ok, long latencyMillis, Optional<String> error) {}

    /** Every channel not deleted, by id. */
    List<ChannelView> list();

    Outcome<ChannelView> get(String id);

    Outcome<ChannelView> create(UserId actor, ChannelChanges channel);

    Outcome<ChannelView> update(UserId actor, String id, ChannelChanges changes);

    Outcome<ChannelView> setEnabled(UserId actor, String id, boolean enabled);

    /** Deletes the channel for new work: the tasks pinned to it still reach it (docs/channels.md). */
    Outcome<ChannelView> delete(UserId actor, String id);

    /** Calls the channel's upstream once, cheaply, with its stored credential. */
    Outcome<ProbeReport> test(String id);
}
