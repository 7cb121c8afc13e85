package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.ApiKeyView;
import io.sorarelay.application.port.in.CreateApiKeyUseCase;
import io.sorarelay.application.port.in.CreateApiKeyUseCase.CreateApiKeyCommand;
import io.sorarelay.application.port.in.CreateApiKeyUseCase.CreatedApiKey;
import io.sorarelay.application.port.in.ListApiKeysUseCase;
import io.sorarelay.application.port.in.RevokeApiKeyUseCase;
import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.apikey.ApiKeyId;
import io.sorarelay.domain.apikey.ApiKeyScope;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/**
 * {@code /api/keys}: the caller's API keys. Every route needs a login token ({@link BearerAuth#signedIn}): a key
 * cannot make, list or revoke keys. The secret is in the creation's answer only; a list never shows it.
 */
final class ApiKeyRoutes {
    private final CreateApiKeyUseCase create;
    private final ListApiKeysUseCase list;
    private final RevokeApiKeyUseCase revoke;
    private final BearerAuth auth;
    private final Envelope envelope;

    ApiKeyRoutes(CreateApiKeyUseCase create, ListApiKeysUseCase list, RevokeApiKeyUseCase revoke, BearerAuth auth, Envelope envelope) {
        this.create = create;
        this.list = list;
        this.revoke = revoke;
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) {
        r.post("/api/keys", this::create);
        r.get("/api/keys", this::list);
        r.delete("/api/keys/{keyId}", this::revoke);
    }

    private void create(Context ctx) {
        UserId owner = auth.signedIn(ctx).id();
        JsonNode body = Requests.jsonBody(ctx);
        String name = Json.text(body, "name").orElseThrow(() -> ApiException.invalid("name", "name is required"));
        CreatedApiKey made = value(create.create(new CreateApiKeyCommand(owner, name, scopes(body), creditLimit(body), expiresAt(body))));
        Map<String, Object> data = json(made.key());
        data.put("key", made.secret().reveal());
        envelope.ok(ctx, 201, data);
    }

    private void list(Context ctx) {
        UserId owner = auth.signedIn(ctx).id();
        envelope.ok(ctx, 200, Map.of("keys", list.list(owner).stream().map(ApiKeyRoutes::json).toList()));
    }

    private void revoke(Context ctx) {
        UserId owner = auth.signedIn(ctx).id();
        ApiKeyId id;
        try {
            id = new ApiKeyId(ctx.pathParam("keyId"));
        } catch (InvalidValueException e) {
            throw ApiException.of(404, "key_not_found", "API key not found");
        }
        envelope.ok(ctx, 200, json(value(revoke.revoke(owner, id))));
    }

    private static Set<ApiKeyScope> scopes(JsonNode body) {
        JsonNode given = body.get("scopes");
        if (given == null || given.isNull()) return Set.of();
        if (!given.isArray() || given.isEmpty()) throw ApiException.invalid("scopes", "scopes must be a non-empty array of scope names");
        Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
        for (JsonNode s : given) {
            if (!s.isTextual()) throw ApiException.invalid("scopes", "every scope must be a string");
            scopes.add(ApiKeyScope.parse(s.asText()));
        }
        return scopes;
    }

    private static OptionalLong creditLimit(JsonNode body) {
        JsonNode given = body.get("creditLimit");
        if (given == null || given.isNull()) return OptionalLong.empty();
        if (!given.canConvertToLong() || !given.isIntegralNumber()) throw ApiException.invalid("creditLimit", "creditLimit must be a whole number");
        return OptionalLong.of(given.asLong());
    }

    private static Optional<Instant> expiresAt(JsonNode body) {
        Optional<String> given = Json.text(body, "expiresAt");
        try {
            return given.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("expiresAt", "expiresAt must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }

    private static Map<String, Object> json(ApiKeyView k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id().value());
        m.put("name", k.name());
        m.put("prefix", k.prefix());
        m.put("scopes", k.scopes().stream().map(ApiKeyScope::wire).sorted().toList());
        m.put("creditLimit", k.creditLimit().isPresent() ? k.creditLimit().getAsLong() : null);
        m.put("expiresAt", k.expiresAt().map(Instant::toString).orElse(null));
        m.put("createdAt", k.createdAt().toString());
        m.put("lastUsedAt", k.lastUsedAt().map(Instant::toString).orElse(null));
        m.put("revokedAt", k.revokedAt().map(Instant::toString).orElse(null));
        return m;
    }
}
