package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.ChannelStorePort;
import io.sorarelay.application.port.out.ChannelStorePort.StoredChannel;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel store: channels read back as written (the credential too), ids are never reused, every write is a
 * compare-and-set on the channel's version and moves the store's revision, a deleted channel stays readable, and the
 * seed is written once.
 */
public abstract class ChannelStoreContract {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00.123456Z");

    /** An empty store of its own. */
    protected abstract ChannelStorePort newStore() throws Exception;

    private ChannelStorePort store;

    @BeforeEach
    void fresh() throws Exception { store = newStore(); }

    private static Channel channel(String id, int priority) {
        // Built at run time: no secret-shaped literal in the repository.
        String key = "test-" + UUID.randomUUID();
        return new Channel(new ChannelId(id), "Channel " + id, ProviderKind.RUNWAY, "https://upstream.example/v1",
                new ChannelSecret("admin API", key), Map.of("sora-2", "gen4.5", "sora-2-pro", "gen4.5-pro"), priority, 3, 7, 2, true);
    }

    @Test
    void a_created_channel_reads_back_as_written_with_its_credential() {
        Channel c = channel("runway-eu", 10);
        StoredChannel stored = store.create(c, AT).orElseThrow();
        assertThat(stored.channel()).isEqualTo(c);
        assertThat(stored.deleted()).isFalse();
        assertThat(stored.updatedAt()).isEqualTo(AT);
        assertThat(stored.version()).isPositive();
        assertThat(store.find(c.id())).hasValue(stored);
        assertThat(store.find(c.id()).orElseThrow().channel().credential().reveal()).isEqualTo(c.credential().reveal());
        assertThat(store.list()).containsExactly(stored);
        assertThat(store.find(new ChannelId("nobody"))).isEmpty();
    }

    @Test
    void an_id_is_never_taken_twice() {
        StoredChannel first = store.create(channel("main", 1), AT).orElseThrow();
        assertThat(store.create(channel("main", 2), AT.plusSeconds(1))).isEmpty();
        assertThat(store.list()).containsExactly(first);
    }

    @Test
    void a_replace_needs_the_current_version_and_moves_the_revision() {
        StoredChannel v1 = store.create(channel("main", 1), AT).orElseThrow();
        long revision = store.revision();
        Channel changed = channel("main", 5).withEnabled(false);
        StoredChannel v2 = store.replace(changed, v1.version(), false, AT.plusSeconds(1)).orElseThrow();
        assertThat(v2.version()).isGreaterThan(v1.version());
        assertThat(v2.channel()).isEqualTo(changed);
        assertThat(store.revision()).isGreaterThan(revision);
        assertThat(store.replace(channel("main", 9), v1.version(), false, AT.plusSeconds(2))).as("a stale version").isEmpty();
        assertThat(store.replace(channel("other", 9), v1.version(), false, AT.plusSeconds(2))).as("no such channel").isEmpty();
        assertThat(store.find(changed.id())).hasValue(v2);
    }

    @Test
    void a_deleted_channel_stays_readable_and_its_id_stays_taken() {
        StoredChannel v1 = store.create(channel("gone", 1), AT).orElseThrow();
        StoredChannel deleted = store.replace(v1.channel().withEnabled(false), v1.version(), true, AT.plusSeconds(1)).orElseThrow();
        assertThat(deleted.deleted()).isTrue();
        assertThat(store.find(v1.id())).hasValue(deleted);
        assertThat(store.list()).containsExactly(deleted);
        assertThat(store.create(channel("gone", 1), AT.plusSeconds(2))).isEmpty();
    }

    @Test
    void the_revision_starts_at_zero_and_grows_with_every_write() {
        assertThat(store.revision()).isZero();
        List<Long> seen = new ArrayList<>();
        StoredChannel a = store.create(channel("a", 1), AT).orElseThrow();
        seen.add(store.revision());
        store.create(channel("b", 1), AT).orElseThrow();
        seen.add(store.revision());
        store.replace(channel("a", 2), a.version(), false, AT).orElseThrow();
        seen.add(store.revision());
        assertThat(seen).isSorted().doesNotHaveDuplicates().allMatch(r -> r > 0);
    }

    @Test
    void the_seed_is_written_into_an_empty_store_only() {
        assertThat(store.seedIfEmpty(List.of(channel("one", 1), channel("two", 2)), AT)).isTrue();
        assertThat(store.list()).extracting(s -> s.id().value()).containsExactly("one", "two");
        assertThat(store.seedIfEmpty(List.of(channel("three", 1)), AT)).isFalse();
        assertThat(store.list()).extracting(s -> s.id().value()).containsExactly("one", "two");
    }

    @Test
    void of_concurrent_replaces_from_one_version_exactly_one_wins() throws Exception {
        StoredChannel v1 = store.create(channel("race", 1), AT).orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<StoredChannel>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int priority = i;
                calls.add(() -> store.replace(channel("race", priority), v1.version(), false, AT));
            }
            List<Optional<StoredChannel>> won = new ArrayList<>();
            for (Future<Optional<StoredChannel>> f : pool.invokeAll(calls)) won.add(f.get());
            assertThat(won).filteredOn(Optional::isPresent).hasSize(1);
            assertThat(store.find(v1.id())).isEqualTo(won.stream().filter(Optional::isPresent).findFirst().orElseThrow());
        } finally {
            pool.shutdownNow();
        }
    }
}
