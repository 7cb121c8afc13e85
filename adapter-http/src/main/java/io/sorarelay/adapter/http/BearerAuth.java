package io.sorarelay.adapter.http;

import io.javalin.http.Context;

import java.util.Optional;

/** Who is calling: the JWT in {@code Authorization: Bearer}, or a 401. */
final class BearerAuth {
    private final JwtTokens tokens;

    BearerAuth(JwtTokens tokens) { this.tokens = tokens; }

    /** The caller from {@code Authorization: Bearer}; 401 otherwise. */
    JwtTokens.Caller caller(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiException.unauthorized("a bearer token is required");
        return verified(auth.substring(7).strip());
    }

    /** The caller a token names, from wherever the token came; 401 when it does not verify. */
    JwtTokens.Caller verified(String token) {
        Optional<JwtTokens.Caller> caller = tokens.verify(token);
        return caller.orElseThrow(() -> ApiException.unauthorized("the token is invalid or expired"));
    }
}
