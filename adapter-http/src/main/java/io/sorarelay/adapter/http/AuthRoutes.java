package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.AuthenticateUserUseCase;
import io.sorarelay.application.port.in.AuthenticateUserUseCase.Account;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.Username;

import java.util.Map;
import java.util.function.Function;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/**
 * {@code /api/auth}: registration, login (a JWT) and logout. The limits of sign-in are the use case's; this class
 * gives it the client's address, the TCP peer's as the server sees it.
 */
final class AuthRoutes {
    private final AuthenticateUserUseCase accounts;
    private final JwtTokens tokens;
    private final BearerAuth auth;
    private final Envelope envelope;
    private final boolean registrationOpen;

    AuthRoutes(AuthenticateUserUseCase accounts, JwtTokens tokens, BearerAuth auth, Envelope envelope, boolean registrationOpen) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.auth = auth;
        this.envelope = envelope;
        this.registrationOpen = registrationOpen;
    }

    void register(Router r) {
        r.post("/api/auth/register", this::register);
        r.post("/api/auth/login", this::login);
        r.post("/api/auth/logout", this::logout);
    }

    private record Credentials(Username username, Password password) {}

    /**
     * Both fields are required here; the password's form is {@link Password}'s (a new one's whole rule, a typed one's
     * bound only), checked before the username's.
     */
    private static Credentials credentials(Context ctx, Function<String, Password> form) {
        JsonNode body = Requests.jsonBody(ctx);
        String name = Json.text(body, "username").orElseThrow(() -> ApiException.invalid("username", "username is required"));
        String pass = Json.text(body, "password").orElseThrow(() -> ApiException.invalid("password", "password is required"));
        Password password = form.apply(pass);
        return new Credentials(new Username(name), password);
    }

    private static Map<String, Object> user(Account a) {
        return Map.of("id", a.id().value(), "username", a.username().value());
    }

    private static String client(Context ctx) { return ctx.req().getRemoteAddr(); }

    private void register(Context ctx) {
        if (!registrationOpen) throw ApiException.of(403, "registration_closed", "registration is closed");
        Credentials c = credentials(ctx, Password::new);
        Account a = value(accounts.register(c.username(), c.password(), client(ctx)));
        AccessLog.identify(ctx, a.id());
        envelope.ok(ctx, 201, Map.of("user", user(a)));
    }

    private void login(Context ctx) {
        Credentials c = credentials(ctx, Password::typed);
        Account a = value(accounts.login(c.username(), c.password(), client(ctx)));
        AccessLog.identify(ctx, a.id());
        JwtTokens.Issued t = tokens.issue(a.id(), a.username().value(), a.tokenVersion());
        envelope.ok(ctx, 200, Map.of("token", t.token(), "expiresAt", t.expiresAt().toString(), "user", user(a)));
    }

    /** Ends every token of the caller (all its devices), the one presented included. */
    private void logout(Context ctx) {
        JwtTokens.Caller who = auth.signedIn(ctx);
        accounts.logout(who.id());
        envelope.ok(ctx, 200, Map.of("loggedOut", true));
    }
}
