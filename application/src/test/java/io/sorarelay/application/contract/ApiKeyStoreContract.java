package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.ApiKeyStorePort;
import io.sorarelay.application.port.out.ApiKeyStorePort.StoredApiKey;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.apikey.ApiKeyId;
import io.sorarelay.domain.apikey.ApiKeyScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys: a key reads back by its hash as it was stored, lists under its owner only, is revoked once (by its owner
 * only), and its last use only moves forward.
 */
public abstract class ApiKeyStoreContract {
    /** Instants at a store's precision (microseconds), so that what is read back equals what was written. */
    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.123456Z");

    /** A key store; it may hold other tests' keys, as every id, owner and hash here is this test's own. */
    protected abstract ApiKeyStorePort newStore() throws Exception;

    private ApiKeyStorePort store;
    private String suffix;

    @BeforeEach
    void store() throws Exception {
        store = newStore();
        suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private UserId owner(String name) { return new UserId("usr_" + name + "_" + suffix); }

    private StoredApiKey key(String idHex, UserId owner, Instant createdAt, Set<ApiKeyScope> scopes, OptionalLong limit,
                             Optional<Instant> expiresAt) {
        return new StoredApiKey(new ApiKeyId("key_" + idHex + suffix), owner, "ci " + idHex, "srk_" + idHex, "hash-" + idHex + suffix,
                scopes, limit, expiresAt, createdAt, Optional.empty(), Optional.empty());
    }

    private StoredApiKey key(String idHex, UserId owner, Instant createdAt) {
        return key(idHex, owner, createdAt, ApiKeyScope.all(), OptionalLong.empty(), Optional.empty());
    }

    @Test
    void a_stored_key_reads_back_by_its_hash_with_every_field() {
        StoredApiKey full = key("a1", owner("alice"), CREATED, Set.of(ApiKeyScope.TASKS_READ), OptionalLong.of(500),
                Optional.of(CREATED.plus(Duration.ofDays(30))));
        StoredApiKey bare = key("a2", owner("alice"), CREATED);
        store.create(full);
        store.create(bare);
        assertThat(store.findByHash(full.hash())).hasValue(full);
        assertThat(store.findByHash(bare.hash())).hasValue(bare);
        assertThat(store.findByHash("hash-unknown" + suffix)).isEmpty();
    }

    @Test
    void an_owner_lists_only_its_own_keys_newest_first() {
        UserId alice = owner("alice"), bob = owner("bob");
        StoredApiKey older = key("b1", alice, CREATED), newer = key("b2", alice, CREATED.plusSeconds(60)), bobs = key("b3", bob, CREATED);
        store.create(older);
        store.create(newer);
        store.create(bobs);
        assertThat(store.listByOwner(alice)).containsExactly(newer, older);
        assertThat(store.listByOwner(bob)).containsExactly(bobs);
        assertThat(store.listByOwner(owner("carol"))).isEmpty();
    }

    @Test
    void a_revocation_is_recorded_once_and_only_by_the_owner() {
        UserId alice = owner("alice");
        StoredApiKey k = key("c1", alice, CREATED);
        store.create(k);
        assertThat(store.revoke(owner("mallory"), k.id(), CREATED.plusSeconds(1))).isEmpty();
        assertThat(store.findByHash(k.hash()).orElseThrow().revokedAt()).isEmpty();

        Instant first = CREATED.plusSeconds(2);
        assertThat(store.revoke(alice, k.id(), first).orElseThrow().revokedAt()).hasValue(first);
        assertThat(store.revoke(alice, k.id(), first.plusSeconds(5)).orElseThrow().revokedAt()).hasValue(first);
        assertThat(store.findByHash(k.hash()).orElseThrow().revokedAt()).hasValue(first);
        assertThat(store.revoke(alice, new ApiKeyId("key_ffff" + suffix), first)).isEmpty();
    }

    @Test
    void the_last_use_only_moves_forward() {
        StoredApiKey k = key("d1", owner("alice"), CREATED);
        store.create(k);
        Instant later = CREATED.plusSeconds(120);
        store.touch(k.id(), later);
        store.touch(k.id(), CREATED.plusSeconds(60));
        assertThat(store.findByHash(k.hash()).orElseThrow().lastUsedAt()).hasValue(later);
        store.touch(k.id(), later.plusSeconds(60));
        assertThat(store.findByHash(k.hash()).orElseThrow().lastUsedAt()).hasValue(later.plusSeconds(60));
    }
}
