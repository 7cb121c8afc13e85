package io.sorarelay.application.port.out;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.apikey.ApiKeyId;
import io.sorarelay.domain.apikey.ApiKeyScope;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** API keys by their secret's hash; the secret itself is never stored. */
public interface ApiKeyStorePort {
    /**
     * @param hash        SHA-256 of the secret, hex ({@code ApiKeySecret#hash})
     * @param prefix      the secret's first characters, for display
     * @param creditLimit stored and returned; enforced once credits exist
     */
    record StoredApiKey(ApiKeyId id, UserId owner, String name, String prefix, String hash, Set<ApiKeyScope> scopes,
                        OptionalLong creditLimit, Optional<Instant> expiresAt, Instant createdAt, Optional<Instant> lastUsedAt,
                        Optional<Instant> revokedAt) {
        public StoredApiKey {
            Objects.requireNonNull(id); Objects.requireNonNull(owner); Objects.requireNonNull(name); Objects.requireNonNull(prefix);
            Objects.requireNonNull(hash); Objects.requireNonNull(creditLimit); Objects.requireNonNull(expiresAt);
            Objects.requireNonNull(createdAt); Objects.requireNonNull(lastUsedAt); Objects.requireNonNull(revokedAt);
            scopes = Set.copyOf(scopes);
        }

        /** Usable at {@code now}: not revoked and not expired (a key expires at its {@code expiresAt}). */
        public boolean usableAt(Instant now) {
            return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
        }
    }

    /** Stores a new key (its id and hash are new). */
    void create(StoredApiKey key);

    Optional<StoredApiKey> findByHash(String hash);

    /** The owner's keys, revoked ones included, newest first. */
    List<StoredApiKey> listByOwner(UserId owner);

    /**
     * Marks the owner's key revoked at {@code at} unless it already is (then its first revocation stays); the key as it
     * now is, empty when no key of that id is the owner's.
     */
    Optional<StoredApiKey> revoke(UserId owner, ApiKeyId id, Instant at);

    /** Records a use at {@code at}; an earlier instant than the one recorded changes nothing. */
    void touch(ApiKeyId id, Instant at);
}
