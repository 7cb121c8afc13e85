package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.GetAccountUseCase;
import io.sorarelay.application.port.in.GetAccountUseCase.AccountView;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/** {@code GET /api/account}: who the caller is and where their credits are. */
final class AccountRoutes {
    private final GetAccountUseCase account;
    private final BearerAuth auth;
    private final Envelope envelope;

    AccountRoutes(GetAccountUseCase account, BearerAuth auth, Envelope envelope) {
        this.account = account;
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) {
        r.get("/api/account", this::account);
    }

    private void account(Context ctx) {
        AccountView a = value(account.account(auth.caller(ctx).id()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", a.id().value());
        body.put("username", a.username());
        body.put("role", a.role());
        body.put("balance", a.balance());
        body.put("held", a.held());
        body.put("spent", a.spent());
        ctx.header("Cache-Control", "no-store");
        envelope.ok(ctx, 200, body);
    }
}
