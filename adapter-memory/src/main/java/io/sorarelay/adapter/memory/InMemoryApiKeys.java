package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.ApiKeyStorePort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.apikey.ApiKeyId;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** API keys in memory, by id; a lookup by hash scans (keys are few in the embedded mode and tests). */
public final class InMemoryApiKeys implements ApiKeyStorePort {
    private final Map<ApiKeyId, StoredApiKey> byId = new ConcurrentHashMap<>();
    private final Map<String, ApiKeyId> byHash = new ConcurrentHashMap<>();

    @Override
    public synchronized void create(StoredApiKey key) {
        if (byId.containsKey(key.id()) || byHash.containsKey(key.hash())) throw new IllegalStateException("API key id or hash taken");
        byId.put(key.id(), key);
        byHash.put(key.hash(), key.id());
    }

    @Override
    public Optional<StoredApiKey> findByHash(String hash) { return Optional.ofNullable(byHash.get(hash)).map(byId::get); }

    @Override
    public List<StoredApiKey> listByOwner(UserId owner) {
        return byId.values().stream().filter(k -> k.owner().equals(owner))
                .sorted(Comparator.comparing(StoredApiKey::createdAt).reversed().thenComparing(k -> k.id().value())).toList();
    }

    @Override
    public synchronized Optional<StoredApiKey> revoke(UserId owner, ApiKeyId id, Instant at) {
        StoredApiKey k = byId.get(id);
        if (k == null || !k.owner().equals(owner)) return Optional.empty();
        if (k.revokedAt().isPresent()) return Optional.of(k);
        StoredApiKey revoked = new StoredApiKey(k.id(), k.owner(), k.name(), k.prefix(), k.hash(), k.scopes(), k.creditLimit(),
                k.expiresAt(), k.createdAt(), k.lastUsedAt(), Optional.of(at));
        byId.put(id, revoked);
        return Optional.of(revoked);
    }

    @Override
    public synchronized void touch(ApiKeyId id, Instant at) {
        StoredApiKey k = byId.get(id);
        if (k == null || k.lastUsedAt().filter(last -> !last.isBefore(at)).isPresent()) return;
        byId.put(id, new StoredApiKey(k.id(), k.owner(), k.name(), k.prefix(), k.hash(), k.scopes(), k.creditLimit(), k.expiresAt(),
                k.createdAt(), Optional.of(at), k.revokedAt()));
    }
}
