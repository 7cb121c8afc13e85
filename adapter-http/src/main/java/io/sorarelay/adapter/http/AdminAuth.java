package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.CheckAdminUseCase;

/**
 * Who may call {@code /api/admin}: a login token (401 without one or for one that has ended, so a disabled admin gets
 * 401; 403 for an API key) of an account with the admin role (403 {@code forbidden} otherwise), read from the store
 * on every call, so a revoked role stops at once on every node.
 */
final class AdminAuth {
    private final BearerAuth auth;
    private final CheckAdminUseCase check;

    AdminAuth(BearerAuth auth, CheckAdminUseCase check) {
        this.auth = auth;
        this.check = check;
    }

    JwtTokens.Caller admin(Context ctx) {
        JwtTokens.Caller caller = auth.signedIn(ctx);
        if (!check.isAdmin(caller.id())) throw ApiException.of(403, "forbidden", "this needs the admin role");
        return caller;
    }

    /** {@code limit} (1..100, default 50) and {@code offset} (default 0) of a page. */
    record Page(int offset, int limit) {
        static Page of(Context ctx) {
            return new Page(Requests.intParam(ctx, "offset", 0, 1_000_000).orElse(0), Requests.intParam(ctx, "limit", 1, 100).orElse(50));
        }
    }
}
