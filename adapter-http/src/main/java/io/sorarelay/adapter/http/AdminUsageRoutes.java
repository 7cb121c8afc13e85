package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.UsageReportUseCase;
import io.sorarelay.application.port.in.UsageReportUseCase.GroupBy;
import io.sorarelay.application.port.in.UsageReportUseCase.UsageRow;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/** {@code /api/admin/usage}: task counts, seconds of video and credits over a window, grouped, for admins ({@link AdminAuth}). */
final class AdminUsageRoutes {
    private final UsageReportUseCase usage;
    private final AdminAuth auth;
    private final Envelope envelope;

    AdminUsageRoutes(UsageReportUseCase usage, AdminAuth auth, Envelope envelope) {
        this.usage = usage;
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) { r.get("/api/admin/usage", this::usage); }

    private void usage(Context ctx) {
        auth.admin(ctx);
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        String by = ctx.queryParam("groupBy");
        GroupBy groupBy;
        try {
            groupBy = GroupBy.valueOf((by == null ? "day" : by.strip()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("groupBy", "groupBy must be user, model, channel or day");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", from.toString());
        data.put("to", to.toString());
        data.put("groupBy", groupBy.name().toLowerCase(Locale.ROOT));
        data.put("rows", value(usage.usage(from, to, groupBy)).stream().map(AdminUsageRoutes::json).toList());
        envelope.ok(ctx, 200, data);
    }

    private static Instant instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) throw ApiException.invalid(name, name + " is required, an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        try {
            return Instant.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    private static Map<String, Object> json(UsageRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", r.key());
        m.put("tasks", r.tasks());
        m.put("completed", r.completed());
        m.put("failed", r.failed());
        m.put("seconds", r.seconds());
        m.put("credits", Map.of("charged", r.charged(), "held", r.held(), "released", r.released()));
        return m;
    }
}
