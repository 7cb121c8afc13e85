package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.AuthenticateUserUseCase;
import io.sorarelay.application.port.in.AuthenticateUserUseCase.Account;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.Username;

import java.util.Map;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/** {@code /api/auth}: registration and login; a login answers a JWT. */
final class AuthRoutes {
    private final AuthenticateUserUseCase accounts;
    private final JwtTokens tokens;
    private final Envelope envelope;
    private final boolean registrationOpen;

    AuthRoutes(AuthenticateUserUseCase accounts, JwtTokens tokens, Envelope envelope, boolean registrationOpen) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.envelope = envelope;
        this.registrationOpen = registrationOpen;
    }

    void register(Router r) {
        r.post("/api/auth/register", this::register);
        r.post("/api/auth/login", this::login);
    }

    private record Credentials(Username username, Password password) {}

    /** Both fields are required here; the password's rule is {@link Password}'s, checked before the username's. */
    private static Credentials credentials(Context ctx) {
        JsonNode body = Requests.jsonBody(ctx);
        String name = Json.text(body, "username").orElseThrow(() -> ApiException.invalid("username", "username is required"));
        String pass = Json.text(body, "password").orElseThrow(() -> ApiException.invalid("password", "password is required"));
        Password password = new Password(pass);
        return new Credentials(new Username(name), password);
    }

    private static Map<String, Object> user(Account a) {
        return Map.of("id", a.id().value(), "username", a.username().value());
    }

    private void register(Context ctx) {
        if (!registrationOpen) throw ApiException.of(403, "registration_closed", "registration is closed");
        Credentials c = credentials(ctx);
        Account a = value(accounts.register(c.username(), c.password()));
        envelope.ok(ctx, 201, Map.of("user", user(a)));
    }

    private void login(Context ctx) {
        Credentials c = credentials(ctx);
        Account a = value(accounts.login(c.username(), c.password()));
        JwtTokens.Issued t = tokens.issue(a.id(), a.username().value());
        envelope.ok(ctx, 200, Map.of("token", t.token(), "expiresAt", t.expiresAt().toString(), "user", user(a)));
    }
}
