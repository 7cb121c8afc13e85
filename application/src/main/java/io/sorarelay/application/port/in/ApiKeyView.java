package io.sorarelay.application.port.in;

import io.sorarelay.domain.apikey.ApiKeyId;
import io.sorarelay.domain.apikey.ApiKeyScope;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** An API key as its owner sees it in a list: everything but the secret and its hash. */
public record ApiKeyView(ApiKeyId id, String name, String prefix, Set<ApiKeyScope> scopes, OptionalLong creditLimit,
                         Optional<Instant> expiresAt, Instant createdAt, Optional<Instant> lastUsedAt, Optional<Instant> revokedAt) {}
