package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.ReadAuditLogUseCase;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.AuditEntry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /api/admin/audit}: what admins did, newest first, for admins ({@link AdminAuth}). */
final class AdminAuditRoutes {
    private final ReadAuditLogUseCase audit;
    private final AdminAuth auth;
    private final Envelope envelope;

    AdminAuditRoutes(ReadAuditLogUseCase audit, AdminAuth auth, Envelope envelope) {
        this.audit = audit;
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) { r.get("/api/admin/audit", this::list); }

    private void list(Context ctx) {
        auth.admin(ctx);
        AdminAuth.Page page = AdminAuth.Page.of(ctx);
        Optional<UserId> actor = param(ctx, "actor").map(UserId::new);
        var query = new ReadAuditLogUseCase.Filter(actor, param(ctx, "target"), page.offset(), page.limit());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("entries", audit.list(query).stream().map(AdminAuditRoutes::json).toList());
        data.put("offset", page.offset());
        data.put("limit", page.limit());
        envelope.ok(ctx, 200, data);
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static Map<String, Object> json(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", e.at().toString());
        m.put("actor", e.actor().value());
        m.put("action", e.action());
        m.put("target", e.target());
        m.put("before", e.before());
        m.put("after", e.after());
        m.put("reason", e.reason());
        return m;
    }
}
