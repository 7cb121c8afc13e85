package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.apikey.ApiKeyScope;
import io.sorarelay.domain.apikey.ApiKeySecret;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** A new API key for the caller, who signed in with a login token (a key cannot make keys). */
public interface CreateApiKeyUseCase {

    /** @param scopes empty for every scope */
    record CreateApiKeyCommand(UserId owner, String name, Set<ApiKeyScope> scopes, OptionalLong creditLimit, Optional<Instant> expiresAt) {
        public CreateApiKeyCommand {
            Objects.requireNonNull(owner); Objects.requireNonNull(name); Objects.requireNonNull(creditLimit);
            Objects.requireNonNull(expiresAt);
            scopes = Set.copyOf(scopes);
        }
    }

    /** The key as listed, and its secret: the only time the secret is ever shown. */
    record CreatedApiKey(ApiKeyView key, ApiKeySecret secret) {}

    /** {@link Problem.Invalid} for a blank or long name, a negative credit limit or an expiry not in the future. */
    Outcome<CreatedApiKey> create(CreateApiKeyCommand command);
}
