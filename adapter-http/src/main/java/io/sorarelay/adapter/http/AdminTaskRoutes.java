package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.AdminTasksUseCase;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/** {@code /api/admin/tasks}: every user's tasks for admins ({@link AdminAuth}), filtered; force-failing a stuck one. */
final class AdminTaskRoutes {
    private final AdminTasksUseCase tasks;
    private final AdminAuth auth;
    private final Envelope envelope;
    private final InstantSource clock;

    AdminTaskRoutes(AdminTasksUseCase tasks, AdminAuth auth, Envelope envelope, InstantSource clock) {
        this.tasks = tasks;
        this.auth = auth;
        this.envelope = envelope;
        this.clock = clock;
    }

    void register(Router r) {
        r.get("/api/admin/tasks", this::list);
        r.post("/api/admin/tasks/{videoId}/fail", this::fail);
    }

    private void list(Context ctx) {
        auth.admin(ctx);
        AdminAuth.Page page = AdminAuth.Page.of(ctx);
        Optional<TaskStatus> status = param(ctx, "status").map(s -> {
            try {
                return TaskStatus.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status", "status must be one of QUEUED, PROCESSING, COMPLETED, FAILED, CANCELLED");
            }
        });
        Optional<UserId> user = param(ctx, "user").map(UserId::new);
        // olderThan (seconds): tasks created at least that long ago, e.g. the stuck ones.
        Optional<Instant> createdBefore = Requests.intParam(ctx, "olderThan", 0, 366 * 24 * 3600)
                .map(s -> clock.instant().minus(Duration.ofSeconds(s)));
        var query = new AdminTasksUseCase.Filter(status, user, param(ctx, "model"), param(ctx, "channel"), createdBefore, page.offset(),
                page.limit());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tasks", tasks.list(query).stream().map(AdminTaskRoutes::json).toList());
        data.put("offset", page.offset());
        data.put("limit", page.limit());
        envelope.ok(ctx, 200, data);
    }

    private void fail(Context ctx) {
        UserId actor = auth.admin(ctx).id();
        var id = Requests.videoId(ctx);
        JsonNode body = Requests.jsonBody(ctx);
        String reason = Json.text(body, "reason").orElseThrow(() -> ApiException.invalid("reason", "reason is required"));
        envelope.ok(ctx, 200, json(value(tasks.forceFail(actor, id, reason))));
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    static Map<String, Object> json(VideoTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("videoId", t.id().value());
        m.put("userId", t.owner().value());
        m.put("status", t.status().name());
        m.put("progress", t.progress());
        m.put("model", t.request().spec().model());
        m.put("seconds", t.request().spec().seconds());
        m.put("size", t.request().spec().size());
        m.put("channel", t.channel().map(ChannelId::value).orElse(t.request().provider()));
        m.put("createdAt", t.createdAt().toString());
        m.put("updatedAt", t.updatedAt().toString());
        m.put("error", t.error().map(e -> Map.of("code", e.code(), "message", e.message())).orElse(null));
        return m;
    }
}
