package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.AdjustCreditsUseCase.Adjusted;
import io.sorarelay.application.port.in.AdminUserView;
import io.sorarelay.application.port.in.ManageUsersUseCase;
import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.Role;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/**
 * {@code /api/admin/users}: accounts for admins ({@link AdminAuth}): search, role, disable, enable, credits. An
 * account's answer never holds its password hash or token version.
 */
final class AdminUserRoutes {
    private final ManageUsersUseCase users;
    private final AdminAuth auth;
    private final Envelope envelope;

    AdminUserRoutes(ManageUsersUseCase users, AdminAuth auth, Envelope envelope) {
        this.users = users;
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) {
        r.get("/api/admin/users", this::list);
        r.post("/api/admin/users/{userId}/role", this::role);
        r.post("/api/admin/users/{userId}/disable", this::disable);
        r.post("/api/admin/users/{userId}/enable", this::enable);
        r.post("/api/admin/users/{userId}/credits", this::credits);
    }

    private void list(Context ctx) {
        auth.admin(ctx);
        AdminAuth.Page page = AdminAuth.Page.of(ctx);
        Optional<String> q = Optional.ofNullable(ctx.queryParam("q"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("users", users.list(q, page.offset(), page.limit()).stream().map(AdminUserRoutes::json).toList());
        data.put("offset", page.offset());
        data.put("limit", page.limit());
        envelope.ok(ctx, 200, data);
    }

    private void role(Context ctx) {
        UserId actor = auth.admin(ctx).id();
        UserId user = userId(ctx);
        JsonNode body = Requests.jsonBody(ctx);
        Role role = Role.parse(Json.text(body, "role").orElseThrow(() -> ApiException.invalid("role", "role is required")));
        envelope.ok(ctx, 200, json(value(users.setRole(actor, user, role))));
    }

    private void disable(Context ctx) {
        UserId actor = auth.admin(ctx).id();
        UserId user = userId(ctx);
        Requests.optionalJson(ctx);
        envelope.ok(ctx, 200, json(value(users.disable(actor, user))));
    }

    private void enable(Context ctx) {
        UserId actor = auth.admin(ctx).id();
        UserId user = userId(ctx);
        Requests.optionalJson(ctx);
        envelope.ok(ctx, 200, json(value(users.enable(actor, user))));
    }

    private void credits(Context ctx) {
        UserId actor = auth.admin(ctx).id();
        UserId user = userId(ctx);
        JsonNode body = Requests.jsonBody(ctx);
        JsonNode amount = body.get("amount");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong())
            throw ApiException.invalid("amount", "amount must be a whole number of credits");
        String reason = Json.text(body, "reason").orElseThrow(() -> ApiException.invalid("reason", "reason is required"));
        Adjusted done = value(users.adjustCredits(actor, user, amount.asLong(), reason));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", done.user().value());
        data.put("balance", done.balance());
        data.put("held", done.held());
        envelope.ok(ctx, 200, data);
    }

    /** An id that cannot be one names no user. */
    private static UserId userId(Context ctx) {
        try {
            return new UserId(ctx.pathParam("userId"));
        } catch (InvalidValueException e) {
            throw ApiException.of(404, "user_not_found", "user not found");
        }
    }

    private static Map<String, Object> json(AdminUserView u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id().value());
        m.put("username", u.username().value());
        m.put("role", u.role().wire());
        m.put("disabled", u.disabled());
        m.put("createdAt", u.createdAt().toString());
        return m;
    }
}
