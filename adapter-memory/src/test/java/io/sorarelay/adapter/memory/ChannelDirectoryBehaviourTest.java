package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.ChannelClientsPort;
import io.sorarelay.application.port.out.ChannelStorePort.StoredChannel;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.ChannelDirectory;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directory the engine routes by, over the in-memory channel store: rebuilt only when the store changed, keeping the
 * adapter of an unchanged channel; a deleted channel stays findable (its tasks) but disabled (no new work); a channel
 * whose adapter cannot be made is left out without stopping the others.
 */
class ChannelDirectoryBehaviourTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    /** Adapters that do nothing, with every channel they were made for. */
    private static final class Clients implements ChannelClientsPort {
        final List<String> made = new ArrayList<>();

        @Override public VideoProvider client(Channel c) {
            if (c.name().equals("unusable")) throw new IllegalArgumentException("cannot be made");
            made.add(c.id().value());
            return new VideoProvider() {
                @Override public Result<Observed> submit(SubmitJob job) { throw new UnsupportedOperationException(); }
                @Override public Result<Observed> retrieve(ExternalTaskId id) { throw new UnsupportedOperationException(); }
                @Override public Result<Boolean> cancel(ExternalTaskId id) { throw new UnsupportedOperationException(); }
                @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override public boolean supports(ProviderKind kind) { return true; }
    }

    private static Channel channel(String id, String name, int priority) {
        return new Channel(new ChannelId(id), name, ProviderKind.OPENAI_COMPATIBLE, "https://" + id + ".example/v1",
                new ChannelSecret("test", "test-" + UUID.randomUUID()), Map.of("sora-2", "sora-2"), priority, 1, 4, 0, true);
    }

    private static List<String> enabled(VideoProviderRegistry d) {
        return d.channels().stream().filter(Channel::enabled).map(c -> c.id().value()).toList();
    }

    @Test
    void the_directory_follows_the_store_and_keeps_the_adapters_of_unchanged_channels() {
        InMemoryChannelStore store = new InMemoryChannelStore();
        Channel a = channel("a", "a", 1);
        store.seedIfEmpty(List.of(a, channel("b", "b", 2)), AT);
        Clients clients = new Clients();
        ChannelDirectory directory = new ChannelDirectory(store, clients, VideoProviderRegistry::ofChannels);
        assertThat(enabled(directory)).containsExactly("a", "b");
        assertThat(directory.refresh()).as("nothing changed").isFalse();

        StoredChannel b = store.find(new ChannelId("b")).orElseThrow();
        store.replace(b.channel().withEnabled(false), b.version(), false, AT);
        assertThat(directory.refresh()).isTrue();
        assertThat(enabled(directory)).containsExactly("a");
        assertThat(directory.find("b")).as("a disabled channel still serves its tasks").isPresent();
        assertThat(clients.made).as("a's adapter is kept").containsExactly("a", "b", "b");

        store.replace(a.withEnabled(false), store.find(a.id()).orElseThrow().version(), true, AT);
        directory.refresh();
        assertThat(enabled(directory)).isEmpty();
        assertThat(directory.find("a")).as("a deleted channel still serves its tasks").isPresent();
        assertThat(directory.channels()).extracting(c -> c.id().value()).containsExactly("a", "b");
    }

    @Test
    void a_channel_whose_adapter_cannot_be_made_is_left_out_and_the_others_stay() {
        InMemoryChannelStore store = new InMemoryChannelStore();
        store.seedIfEmpty(List.of(channel("good", "good", 1), channel("bad", "unusable", 1)), AT);
        ChannelDirectory directory = new ChannelDirectory(store, new Clients(), VideoProviderRegistry::ofChannels);
        assertThat(enabled(directory)).containsExactly("good");
        assertThat(directory.find("bad")).isEmpty();
    }

    @Test
    void an_empty_store_routes_nowhere() {
        ChannelDirectory directory = new ChannelDirectory(new InMemoryChannelStore(), new Clients(), VideoProviderRegistry::ofChannels);
        assertThat(directory.channels()).isEmpty();
        assertThat(directory.find("default")).isEmpty();
    }
}
