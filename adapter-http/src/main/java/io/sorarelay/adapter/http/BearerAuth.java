package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.AuthenticateUserUseCase;

/**
 * Who is calling: the JWT in {@code Authorization: Bearer}, or a 401. A token must verify (signature, issuer, expiry)
 * and carry its user's current token version: a logout, a disabled or a deleted account ends it
 * ({@link AuthenticateUserUseCase#tokenIsCurrent}, answered from a short cache).
 */
final class BearerAuth {
    private final JwtTokens tokens;
    private final AuthenticateUserUseCase accounts;

    BearerAuth(JwtTokens tokens, AuthenticateUserUseCase accounts) {
        this.tokens = tokens;
        this.accounts = accounts;
    }

    /** The caller from {@code Authorization: Bearer}; 401 otherwise. */
    JwtTokens.Caller caller(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiException.unauthorized("a bearer token is required");
        JwtTokens.Caller caller = verified(auth.substring(7).strip());
        AccessLog.identify(ctx, caller.id());
        return caller;
    }

    /** The caller a token names, from wherever the token came; 401 when it does not verify or has ended. */
    JwtTokens.Caller verified(String token) {
        JwtTokens.Caller caller = tokens.verify(token).orElseThrow(() -> ApiException.unauthorized("the token is invalid or expired"));
        if (!accounts.tokenIsCurrent(caller.id(), caller.tokenVersion()))
            throw ApiException.unauthorized("the token has ended (signed out, or the account is disabled)");
        return caller;
    }
}
