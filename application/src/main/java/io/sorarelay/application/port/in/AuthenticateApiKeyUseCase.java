package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.credit.KeyBudget;
import io.sorarelay.domain.apikey.ApiKeyId;
import io.sorarelay.domain.apikey.ApiKeyScope;

import java.util.Optional;
import java.util.Set;

/**
 * Who an API key speaks for. A key is good while it is neither revoked nor expired and its owner's account is
 * enabled; a node trusts what it read of a key for half a second, so a key revoked on another node is
 * refused here within that time, and at once on the node that revoked it.
 */
public interface AuthenticateApiKeyUseCase {
    /** @param budget what the key may spend, when it has a credit limit */
    record KeyCaller(ApiKeyId key, UserId owner, Set<ApiKeyScope> scopes, Optional<KeyBudget> budget) {
        public KeyCaller { scopes = Set.copyOf(scopes); java.util.Objects.requireNonNull(budget); }

        public KeyCaller(ApiKeyId key, UserId owner, Set<ApiKeyScope> scopes) { this(key, owner, scopes, Optional.empty()); }

        public boolean may(ApiKeyScope scope) { return scopes.contains(scope); }
    }

    /** The key's caller; empty for a malformed, unknown, revoked or expired key, or a disabled owner. */
    Optional<KeyCaller> authenticate(String presented);
}
