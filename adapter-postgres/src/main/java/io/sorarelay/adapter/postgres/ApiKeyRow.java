package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ApiKeyStorePort.StoredApiKey;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.apikey.ApiKeyId;
import io.sorarelay.domain.apikey.ApiKeyScope;

import org.jdbi.v3.core.statement.SqlStatement;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** One {@code api_keys} row; scopes as their wire names ({@code tasks:read}), so the column reads as clients write them. */
record ApiKeyRow(String id, String userId, String name, String prefix, String keyHash, String[] scopes, Long creditLimit,
                 Instant expiresAt, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    static ApiKeyRow from(StoredApiKey k) {
        return new ApiKeyRow(k.id().value(), k.owner().value(), k.name(), k.prefix(), k.hash(),
                k.scopes().stream().map(ApiKeyScope::wire).sorted().toArray(String[]::new),
                k.creditLimit().isPresent() ? k.creditLimit().getAsLong() : null, k.expiresAt().map(Micros::truncate).orElse(null),
                Micros.truncate(k.createdAt()), k.lastUsedAt().map(Micros::truncate).orElse(null),
                k.revokedAt().map(Micros::truncate).orElse(null));
    }

    <S extends SqlStatement<S>> S bindTo(S s) {
        return s.bind("id", id).bind("userId", userId).bind("name", name).bind("prefix", prefix).bind("keyHash", keyHash)
                .bind("scopes", scopes).bindByType("creditLimit", creditLimit, Long.class)
                .bindByType("expiresAt", expiresAt, Instant.class).bindByType("createdAt", createdAt, Instant.class)
                .bindByType("lastUsedAt", lastUsedAt, Instant.class).bindByType("revokedAt", revokedAt, Instant.class);
    }

    StoredApiKey toDomain() {
        return new StoredApiKey(new ApiKeyId(id), new UserId(userId), name, prefix, keyHash,
                Arrays.stream(scopes).map(ApiKeyScope::parse).collect(Collectors.toSet()),
                creditLimit == null ? OptionalLong.empty() : OptionalLong.of(creditLimit), Optional.ofNullable(expiresAt), createdAt,
                Optional.ofNullable(lastUsedAt), Optional.ofNullable(revokedAt));
    }
}
