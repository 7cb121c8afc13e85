package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.AuthenticateApiKeyUseCase;
import io.sorarelay.application.port.in.AuthenticateApiKeyUseCase.KeyCaller;
import io.sorarelay.application.port.in.AuthenticateUserUseCase;
import io.sorarelay.domain.apikey.ApiKeyScope;
import io.sorarelay.domain.apikey.ApiKeySecret;

/**
 * Who is calling: the JWT or the API key in {@code Authorization: Bearer}, or a 401. A token must verify (signature,
 * issuer, expiry) and carry its user's current token version: a logout, a disabled or a deleted account ends it
 * ({@link AuthenticateUserUseCase#tokenIsCurrent}, answered from a short cache). A key ({@code srk_…}) must be
 * neither revoked nor expired, its owner enabled ({@link AuthenticateApiKeyUseCase}), and it acts within its scopes:
 * reads need {@code tasks:read}, writes {@code tasks:write} (403 otherwise); managing keys and signing out need a
 * login token.
 */
final class BearerAuth {
    private final JwtTokens tokens;
    private final AuthenticateUserUseCase accounts;
    private final AuthenticateApiKeyUseCase keys;

    BearerAuth(JwtTokens tokens, AuthenticateUserUseCase accounts, AuthenticateApiKeyUseCase keys) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.keys = keys;
    }

    /** A caller allowed to read tasks (a login token, or a key with {@code tasks:read}); 401 or 403 otherwise. */
    JwtTokens.Caller caller(Context ctx) { return identified(ctx, verified(bearer(ctx), ApiKeyScope.TASKS_READ)); }

    /** A caller allowed to change tasks (a login token, or a key with {@code tasks:write}); 401 or 403 otherwise. */
    JwtTokens.Caller writer(Context ctx) { return identified(ctx, verified(bearer(ctx), ApiKeyScope.TASKS_WRITE)); }

    /**
     * A caller signed in with a login token: what a key may never do (manage keys, sign out) needs one; 403 for a good
     * key, 401 for a bad one (as anywhere else).
     */
    JwtTokens.Caller signedIn(Context ctx) {
        String credential = bearer(ctx);
        if (!ApiKeySecret.looksLikeKey(credential)) return identified(ctx, token(credential));
        if (keys.authenticate(credential).isEmpty()) throw ApiException.unauthorized("the API key is invalid, revoked or expired");
        throw ApiException.of(403, "forbidden", "this needs a login token, not an API key");
    }

    /** The reading caller a credential names, from wherever it came; 401 when it does not verify or has ended. */
    JwtTokens.Caller verified(String credential) { return verified(credential, ApiKeyScope.TASKS_READ); }

    private JwtTokens.Caller verified(String credential, ApiKeyScope needed) {
        if (!ApiKeySecret.looksLikeKey(credential)) return token(credential);
        KeyCaller key = keys.authenticate(credential)
                .orElseThrow(() -> ApiException.unauthorized("the API key is invalid, revoked or expired"));
        if (!key.may(needed)) throw ApiException.of(403, "insufficient_scope", "this API key lacks the scope " + needed.wire());
        return new JwtTokens.Caller(key.owner(), "", 0, key.budget());
    }

    /** The access log names the caller of every request that got this far. */
    private static JwtTokens.Caller identified(Context ctx, JwtTokens.Caller caller) {
        AccessLog.identify(ctx, caller.id());
        return caller;
    }

    private static String bearer(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiException.unauthorized("a bearer token is required");
        return auth.substring(7).strip();
    }

    private JwtTokens.Caller token(String token) {
        JwtTokens.Caller caller = tokens.verify(token).orElseThrow(() -> ApiException.unauthorized("the token is invalid or expired"));
        if (!accounts.tokenIsCurrent(caller.id(), caller.tokenVersion()))
            throw ApiException.unauthorized("the token has ended (signed out, or the account is disabled)");
        return caller;
    }
}
