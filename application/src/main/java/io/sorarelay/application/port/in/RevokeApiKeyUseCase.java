package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.apikey.ApiKeyId;

/**
 * Ends one of the caller's API keys: refused on the node that revoked it at once, on every other node within the
 * key check's time ({@link AuthenticateApiKeyUseCase}). Revoking a revoked key again answers the key as it is.
 */
public interface RevokeApiKeyUseCase {
    /** {@link Problem.NotFound} when no key of that id is the caller's (another user's key is never revealed). */
    Outcome<ApiKeyView> revoke(UserId owner, ApiKeyId id);
}
