package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase.CancelVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase;
import io.sorarelay.application.port.in.CreatedTask;
import io.sorarelay.application.port.in.GetVideoResultUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase;
import io.sorarelay.application.port.in.ListVideoTasksUseCase;
import io.sorarelay.application.port.in.ListVideoTasksUseCase.ListVideoTasksQuery;
import io.sorarelay.application.port.in.ListVideoTasksUseCase.TaskPage;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase.RemixVideoTaskCommand;
import io.sorarelay.application.port.in.RetryVideoTaskUseCase;
import io.sorarelay.application.port.in.RetryVideoTaskUseCase.RetryVideoTaskCommand;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.sorarelay.adapter.http.ErrorMapper.value;
import static io.sorarelay.adapter.http.Requests.intParam;
import static io.sorarelay.adapter.http.Requests.jsonBody;
import static io.sorarelay.adapter.http.Requests.optionalJson;
import static io.sorarelay.adapter.http.Requests.requestKey;
import static io.sorarelay.adapter.http.Requests.videoId;

/** The caller's tasks: create (both front doors), read, list, counts, remix, cancel and retry. */
final class TaskRoutes {
    private final CreateVideoTaskUseCase create;
    private final RemixVideoTaskUseCase remix;
    private final RetryVideoTaskUseCase retry;
    private final CancelVideoTaskUseCase cancel;
    private final GetVideoTaskUseCase get;
    private final GetVideoResultUseCase results;
    private final ListVideoTasksUseCase list;
    private final CreateRequestReader reader;
    private final BearerAuth auth;
    private final Envelope envelope;

    TaskRoutes(CreateVideoTaskUseCase create, RemixVideoTaskUseCase remix, RetryVideoTaskUseCase retry, CancelVideoTaskUseCase cancel,
               GetVideoTaskUseCase get, GetVideoResultUseCase results, ListVideoTasksUseCase list, CreateRequestReader reader,
               BearerAuth auth, Envelope envelope) {
        this.results = results;
        this.create = create;
        this.remix = remix;
        this.retry = retry;
        this.cancel = cancel;
        this.get = get;
        this.list = list;
        this.reader = reader;
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) {
        r.post("/api/relay/sora/videos", this::createRelay);
        r.get("/api/relay/sora/videos/{videoId}", this::getTask);
        r.post("/api/video/tasks", this::createLegacy);
        r.get("/api/video/tasks", this::list);
        r.get("/api/video/stats", this::stats);
        r.get("/api/video/tasks/{videoId}", this::getTask);
        r.post("/api/video/tasks/{videoId}/remix", this::remix);
        r.post("/api/video/tasks/{videoId}/cancel", this::cancel);
        r.post("/api/video/tasks/{videoId}/retry", this::retry);
    }

    private void created(Context ctx, CreatedTask t, boolean remix) {
        Json.TaskJson data = new Json.TaskJson(t.task().view(), remix);
        if (t.replayed()) ctx.header("Idempotent-Replayed", "true");
        envelope.ok(ctx, t.replayed() ? 200 : 201, data);
    }

    private void createRelay(Context ctx) {
        JwtTokens.Caller caller = auth.writer(ctx);
        created(ctx, value(create.create(reader.multipartOrJson(ctx, caller.id()).within(caller.budget()))), false);
    }

    private void createLegacy(Context ctx) {
        JwtTokens.Caller caller = auth.writer(ctx);
        created(ctx, value(create.create(reader.json(ctx, caller.id()).within(caller.budget()))), false);
    }

    private void getTask(Context ctx) {
        UserId owner = auth.caller(ctx).id();
        VideoTask task = value(get.get(owner, videoId(ctx)));
        // Where a finished task's result is kept (docs/results.md); one task's read only, not every list row.
        envelope.ok(ctx, 200, new Json.TaskJson(task.view(), false, results.result(task.id())));
    }

    private void list(Context ctx) {
        UserId owner = auth.caller(ctx).id();
        Optional<TaskStatus> status = Optional.ofNullable(ctx.queryParam("status")).filter(s -> !s.isBlank()).map(s -> {
            try {
                return TaskStatus.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status", "status must be one of QUEUED, PROCESSING, COMPLETED, FAILED, CANCELLED");
            }
        });
        Optional<Integer> page = intParam(ctx, "page", 1, 1_000_000);
        Optional<Integer> pageSize = intParam(ctx, "pageSize", 1, 100);
        int limit = pageSize.or(() -> intParam(ctx, "limit", 1, 100)).orElse(20);
        String order = Optional.ofNullable(ctx.queryParam("order")).orElse("desc").toLowerCase(Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) throw ApiException.invalid("order", "order must be asc or desc");
        Optional<String> cursor = Optional.ofNullable(ctx.queryParam("cursor")).filter(s -> !s.isBlank());
        if (page.isEmpty() && pageSize.isPresent()) page = Optional.of(1);
        TaskPage result = value(list.list(new ListVideoTasksQuery(owner, status, limit, cursor, page, order.equals("desc"))));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tasks", result.tasks().stream().map(Json::task).toList());
        data.put("nextCursor", result.nextCursor().orElse(null));
        if (page.isPresent()) {
            data.put("total", result.total().orElse(result.tasks().size()));
            data.put("page", page.get());
            data.put("pageSize", limit);
        }
        envelope.ok(ctx, 200, data);
    }

    private void stats(Context ctx) {
        UserId owner = auth.caller(ctx).id();
        Map<TaskStatus, Long> counts = list.stats(owner);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        for (TaskStatus s : TaskStatus.values()) data.put(s.name().toLowerCase(Locale.ROOT), counts.getOrDefault(s, 0L));
        envelope.ok(ctx, 200, data);
    }

    private void remix(Context ctx) {
        JwtTokens.Caller caller = auth.writer(ctx);
        VideoId original = videoId(ctx);
        JsonNode body = jsonBody(ctx);
        CreatedTask t = value(remix.remix(new RemixVideoTaskCommand(caller.id(), original, CreateRequestReader.prompt(Json.text(body, "prompt")),
                Json.text(body, "model"), requestKey(ctx, Json.text(body, "clientRequestId")), caller.budget())));
        created(ctx, t, true);
    }

    private void cancel(Context ctx) {
        UserId owner = auth.writer(ctx).id();
        VideoId id = videoId(ctx);
        optionalJson(ctx);
        VideoTask t = value(cancel.cancel(new CancelVideoTaskCommand(owner, id)));
        envelope.ok(ctx, 200, Json.task(t));
    }

    private void retry(Context ctx) {
        JwtTokens.Caller caller = auth.writer(ctx);
        VideoId id = videoId(ctx);
        Optional<JsonNode> body = optionalJson(ctx);
        Optional<String> key = body.flatMap(b -> Json.text(b, "clientRequestId"));
        created(ctx, value(retry.retry(new RetryVideoTaskCommand(caller.id(), id, requestKey(ctx, key), caller.budget()))), false);
    }
}
